#include "localcloud/ec2_response_xml_writer.h"

#include <fmt/format.h>

#include <chrono>
#include <iterator>

namespace spotrun {
namespace {

constexpr std::string_view kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr std::string_view kEc2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

// The escape for `c`, or an empty view when `c` is written as is.
std::string_view EscapeOf(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&apos;";
    case '\r':
      return "&#13;";
    case '\t':
    case '\n':
      return {};
    default:
      if (static_cast<unsigned char>(c) < 0x20) return "\xEF\xBF\xBD";  // U+FFFD
      return {};
  }
}

void AppendTwoDigits(std::string& out, unsigned value) {
  out.push_back(static_cast<char>('0' + value / 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

}  // namespace

void AppendXmlEscaped(std::string& out, std::string_view text) {
  size_t plain_from = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    std::string_view escape = EscapeOf(text[i]);
    if (escape.empty()) continue;
    out.append(text.substr(plain_from, i - plain_from));
    out.append(escape);
    plain_from = i + 1;
  }
  out.append(text.substr(plain_from));
}

void AppendEc2Time(std::string& out, TimePoint t) {
  using std::chrono::days;
  using std::chrono::milliseconds;
  auto day = std::chrono::floor<days>(t);
  std::chrono::year_month_day ymd{day};
  auto ms = std::chrono::floor<milliseconds>(t - day).count();  // 0 .. 86,399,999
  int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {
    fmt::format_to(std::back_inserter(out), "{:04}", year);
  } else {
    AppendTwoDigits(out, static_cast<unsigned>(year / 100));
    AppendTwoDigits(out, static_cast<unsigned>(year % 100));
  }
  out.push_back('-');
  AppendTwoDigits(out, static_cast<unsigned>(ymd.month()));
  out.push_back('-');
  AppendTwoDigits(out, static_cast<unsigned>(ymd.day()));
  out.push_back('T');
  AppendTwoDigits(out, static_cast<unsigned>(ms / 3'600'000));
  out.push_back(':');
  AppendTwoDigits(out, static_cast<unsigned>(ms / 60'000 % 60));
  out.push_back(':');
  AppendTwoDigits(out, static_cast<unsigned>(ms / 1000 % 60));
  out.push_back('.');
  unsigned millis = static_cast<unsigned>(ms % 1000);
  out.push_back(static_cast<char>('0' + millis / 100));
  AppendTwoDigits(out, millis % 100);
  out.push_back('Z');
}

Ec2ResponseXmlWriter::Ec2ResponseXmlWriter(std::string_view action, std::string_view request_id,
                                           size_t size_hint)
    : action_(action) {
  out_.reserve(size_hint + 2 * action.size() + 160);
  out_.append(kXmlDeclaration);
  out_.push_back('<');
  out_.append(action).append("Response xmlns=\"").append(kEc2Namespace).append("\">");
  Text("requestId", request_id);
}

void Ec2ResponseXmlWriter::OpenTag(std::string_view name) {
  out_.push_back('<');
  out_.append(name);
  out_.push_back('>');
}

void Ec2ResponseXmlWriter::CloseTag(std::string_view name) {
  out_.append("</");
  out_.append(name);
  out_.push_back('>');
}

void Ec2ResponseXmlWriter::Open(std::string_view name) {
  OpenTag(name);
  open_.push_back(name);
}

void Ec2ResponseXmlWriter::Close() {
  CloseTag(open_.back());
  open_.pop_back();
}

void Ec2ResponseXmlWriter::Text(std::string_view name, std::string_view value) {
  if (value.empty()) {
    Empty(name);
    return;
  }
  OpenTag(name);
  AppendXmlEscaped(out_, value);
  CloseTag(name);
}

void Ec2ResponseXmlWriter::Int(std::string_view name, int64_t value) {
  OpenTag(name);
  fmt::format_to(std::back_inserter(out_), "{}", value);
  CloseTag(name);
}

void Ec2ResponseXmlWriter::Double(std::string_view name, double value) {
  OpenTag(name);
  fmt::format_to(std::back_inserter(out_), "{}", value);
  CloseTag(name);
}

void Ec2ResponseXmlWriter::Bool(std::string_view name, bool value) {
  OpenTag(name);
  out_.append(value ? "true" : "false");
  CloseTag(name);
}

void Ec2ResponseXmlWriter::Time(std::string_view name, TimePoint value) {
  OpenTag(name);
  AppendEc2Time(out_, value);
  CloseTag(name);
}

void Ec2ResponseXmlWriter::Empty(std::string_view name) {
  out_.push_back('<');
  out_.append(name);
  out_.append("/>");
}

void Ec2ResponseXmlWriter::TextIfSet(std::string_view name, std::string_view value) {
  if (!value.empty()) Text(name, value);
}

void Ec2ResponseXmlWriter::OptionalText(std::string_view name,
                                        const std::optional<std::string>& value) {
  if (value) Text(name, *value);
}

void Ec2ResponseXmlWriter::IntIfSet(std::string_view name, std::optional<int> value) {
  if (value) Int(name, *value);
}

void Ec2ResponseXmlWriter::BoolIfSet(std::string_view name, std::optional<bool> value) {
  if (value) Bool(name, *value);
}

void Ec2ResponseXmlWriter::TimeIfSet(std::string_view name, std::optional<TimePoint> value) {
  if (value) Time(name, *value);
}

void Ec2ResponseXmlWriter::StringItems(std::string_view name,
                                       const std::vector<std::string>& items) {
  ListIfAny(name, items, [this](const std::string& item) { AppendXmlEscaped(out_, item); });
}

std::string Ec2ResponseXmlWriter::Finish() && {
  while (!open_.empty()) Close();
  CloseTag(action_ + "Response");
  return std::move(out_);
}

void WriteTagSet(Ec2ResponseXmlWriter& w, const std::vector<Tag>& tags) {
  w.ListIfAny("tagSet", tags, [&w](const Tag& tag) {
    w.Text("key", tag.key);
    w.Text("value", tag.value);
  });
}

void WriteGroupSet(Ec2ResponseXmlWriter& w, const std::vector<GroupIdentifier>& groups) {
  w.List("groupSet", groups, [&w](const GroupIdentifier& group) {
    w.TextIfSet("groupId", group.group_id);
    w.TextIfSet("groupName", group.group_name);
  });
}

void WriteStateReason(Ec2ResponseXmlWriter& w, std::string_view name,
                      const std::optional<StateReason>& reason) {
  if (!reason) return;
  w.Open(name);
  w.Text("code", reason->code);
  w.Text("message", reason->message);
  w.Close();
}

}  // namespace spotrun
