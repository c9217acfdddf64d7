// Ec2ResponseXmlWriter: appends one EC2 response document to a string — the XML declaration,
// <{Action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">, <requestId>, then the
// members the caller writes, in EC2's value formats (timestamps with milliseconds and a Z,
// booleans true/false, `<xxxSet><item>…` lists). Text is escaped; nothing is indented. One
// pass, amortised O(size): the local cloud's DescribeInstances of 1,000 instances is built
// with it. Used by ec2_response_xml*.cc only. Not thread-safe (one writer per document).
#ifndef SPOTRUN_LOCALCLOUD_EC2_RESPONSE_XML_WRITER_H_
#define SPOTRUN_LOCALCLOUD_EC2_RESPONSE_XML_WRITER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_types.h"
#include "base/clock.h"

namespace spotrun {

class Ec2ResponseXmlWriter {
 public:
  // Starts the document; `size_hint` bytes are reserved up front.
  Ec2ResponseXmlWriter(std::string_view action, std::string_view request_id,
                       size_t size_hint = 512);

  // <name> … </name>: every Open is matched by a Close, innermost first. Element names are
  // kept by reference until closed: pass string literals.
  void Open(std::string_view name);
  void Close();

  // Leaf elements: <name>value</name>.
  void Text(std::string_view name, std::string_view value);
  void Int(std::string_view name, int64_t value);
  void Double(std::string_view name, double value);  // shortest form that reads back exactly
  void Bool(std::string_view name, bool value);
  void Time(std::string_view name, TimePoint value);  // 2026-01-01T00:00:00.000Z
  void Empty(std::string_view name);                  // <name/>

  // Absent values write nothing: an empty string (TextIfSet), a nullopt. An optional string
  // that is set but empty is written, as <name/>.
  void TextIfSet(std::string_view name, std::string_view value);
  void OptionalText(std::string_view name, const std::optional<std::string>& value);
  void IntIfSet(std::string_view name, std::optional<int> value);
  void BoolIfSet(std::string_view name, std::optional<bool> value);
  void TimeIfSet(std::string_view name, std::optional<TimePoint> value);

  // <name><item>…</item>…</name>, `write(item)` writing each item's members. Always written,
  // as <name/> when empty (EC2 writes a result's top-level set even when it is empty).
  template <typename Items, typename Write>
  void List(std::string_view name, const Items& items, Write write) {
    if (items.empty()) {
      Empty(name);
      return;
    }
    Open(name);
    for (const auto& item : items) {
      Open("item");
      write(item);
      Close();
    }
    Close();
  }
  // The same, but nothing at all when `items` is empty (nested sets such as tagSet).
  template <typename Items, typename Write>
  void ListIfAny(std::string_view name, const Items& items, Write write) {
    if (!items.empty()) List(name, items, write);
  }
  // <name><item>text</item>…</name>, nothing when empty.
  void StringItems(std::string_view name, const std::vector<std::string>& items);

  // Closes the root and hands over the document. The writer is spent afterwards.
  std::string Finish() &&;

 private:
  void OpenTag(std::string_view name);
  void CloseTag(std::string_view name);
  void AppendEscaped(std::string_view text);

  std::string action_;
  std::string out_;
  std::vector<std::string_view> open_;  // element names are string literals
};

// Appends `text` to `out` with XML's special characters escaped (&amp; &lt; &gt; &quot;
// &apos; and &#13; for CR, which a parser would otherwise normalise away). Characters XML 1.0
// cannot carry at all (C0 controls other than tab, LF and CR) become U+FFFD.
void AppendXmlEscaped(std::string& out, std::string_view text);

// 2026-01-01T00:00:00.000Z, appended to `out` (millisecond precision, truncated).
void AppendEc2Time(std::string& out, TimePoint t);

// Shapes several resources share.
void WriteTagSet(Ec2ResponseXmlWriter& w, const std::vector<Tag>& tags);  // nothing when empty
void WriteGroupSet(Ec2ResponseXmlWriter& w, const std::vector<GroupIdentifier>& groups);
// <name><code>…</code><message>…</message></name>, nothing when unset.
void WriteStateReason(Ec2ResponseXmlWriter& w, std::string_view name,
                      const std::optional<StateReason>& reason);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_RESPONSE_XML_WRITER_H_
