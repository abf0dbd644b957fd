// Reader for the plain-text fixtures that tests/fixtures/samplers/make_fixtures.py writes:
// '#' lines are comments, every other line is whitespace-separated tokens led by a key.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace urna::test {

class SamplerFixture {
  public:
    explicit SamplerFixture(const std::string& name) {
        const std::string path = std::string(URNA_FIXTURES_DIR) + "/samplers/" + name;
        std::ifstream in(path);
        if (!in) throw std::runtime_error("cannot open fixture " + path);
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            std::istringstream tokens(line);
            std::vector<std::string> row;
            for (std::string t; tokens >> t;) row.push_back(t);
            if (!row.empty()) rows_.push_back(row);
        }
    }

    /// All rows in file order (tests walk the bin lines with this).
    const std::vector<std::vector<std::string>>& rows() const { return rows_; }

    /// Tokens after the key of the first row led by `key`.
    std::vector<std::string> values(const std::string& key) const {
        for (const auto& row : rows_)
            if (row[0] == key) return {row.begin() + 1, row.end()};
        throw std::runtime_error("fixture has no key " + key);
    }
    // strtod round-trips the %.17g / repr text exactly, so p is the very double SciPy used.
    double real(const std::string& key) const {
        return std::strtod(values(key).at(0).c_str(), nullptr);
    }
    std::int64_t integer(const std::string& key) const { return std::stoll(values(key).at(0)); }

  private:
    std::vector<std::vector<std::string>> rows_;
};

inline double to_real(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

}  // namespace urna::test
