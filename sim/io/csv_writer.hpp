// CSV text urna writes (RFC 4180): station files, null-scenario station sizes, a report figure's data.
// sim/io/csv_reader reads it back.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace urna::io {

/// `text` as one CSV field: quoted, with quotes doubled, when it holds a comma, quote or line break or
/// begins or ends with a space (other tools trim unquoted fields); as it is otherwise.
std::string csv_field(std::string_view text);

/// The fields through csv_field, joined by commas, and a newline.
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace urna::io
