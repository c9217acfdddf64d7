#include "cloud/machine.h"

#include "cloud/managed_tags.h"

namespace spotrun {

bool Machine::managed() const { return FindTag(instance.tags, kManagedTag).has_value(); }

Machine MachineOf(Instance instance) {
  Machine m;
  m.name = FindTag(instance.tags, kNameTag).value_or("");
  m.instance = std::move(instance);
  return m;
}

std::vector<Machine> MachinesOf(const std::vector<Reservation>& reservations) {
  std::vector<Machine> machines;
  for (const Reservation& r : reservations) {
    for (const Instance& i : r.instances) machines.push_back(MachineOf(i));
  }
  return machines;
}

}  // namespace spotrun
