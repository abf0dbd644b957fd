// A small streaming JSON writer for the --json output of every subcommand.
//
// Just enough for machine-readable reports: objects, arrays, strings (escaped), integers, doubles
// (shortest round-trip form; NaN and infinities become null, which JSON lacks).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

namespace urna {

class JsonWriter {
  public:
    JsonWriter& begin_object() { value_prefix(); out_ += '{'; first_.push_back(true); return *this; }
    JsonWriter& end_object() { out_ += '}'; first_.pop_back(); return *this; }
    JsonWriter& begin_array() { value_prefix(); out_ += '['; first_.push_back(true); return *this; }
    JsonWriter& end_array() { out_ += ']'; first_.pop_back(); return *this; }

    /// Starts a member of the current object; the next value call supplies its value.
    JsonWriter& key(std::string_view k) {
        separator();
        append_string(k);
        out_ += ':';
        after_key_ = true;
        return *this;
    }

    JsonWriter& value(std::string_view s) { value_prefix(); append_string(s); return *this; }
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(bool b) { value_prefix(); out_ += b ? "true" : "false"; return *this; }
    JsonWriter& value(std::int64_t i) { value_prefix(); out_ += std::to_string(i); return *this; }
    JsonWriter& value(int i) { return value(static_cast<std::int64_t>(i)); }
    JsonWriter& value(std::uint64_t i) { value_prefix(); out_ += std::to_string(i); return *this; }
    JsonWriter& value(double d) {
        value_prefix();
        out_ += std::isfinite(d) ? fmt::format("{}", d) : std::string("null");
        return *this;
    }
    JsonWriter& null() { value_prefix(); out_ += "null"; return *this; }

    template <class T>
    JsonWriter& array(const std::vector<T>& values) {
        begin_array();
        for (const auto& v : values) value(v);
        return end_array();
    }

    template <class T>
    JsonWriter& member(std::string_view k, const T& v) {
        key(k);
        if constexpr (is_vector<T>::value) {
            return array(v);
        } else {
            return value(v);
        }
    }

    const std::string& str() const { return out_; }

  private:
    template <class T> struct is_vector : std::false_type {};
    template <class T, class A> struct is_vector<std::vector<T, A>> : std::true_type {};

    void separator() {
        if (!first_.empty()) {
            if (!first_.back()) out_ += ',';
            first_.back() = false;
        }
    }
    void value_prefix() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        separator();
    }
    void append_string(std::string_view s) {
        out_ += '"';
        for (const char c : s) {
            switch (c) {
                case '"': out_ += "\\\""; break;
                case '\\': out_ += "\\\\"; break;
                case '\n': out_ += "\\n"; break;
                case '\r': out_ += "\\r"; break;
                case '\t': out_ += "\\t"; break;
                default:
                    if (static_cast<unsigned char>(c) < 0x20) {
                        out_ += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
                    } else {
                        out_ += c;
                    }
            }
        }
        out_ += '"';
    }

    std::string out_;
    std::vector<bool> first_;
    bool after_key_ = false;
};

}  // namespace urna
