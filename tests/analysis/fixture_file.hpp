// Reads the fixed-precision text fixtures of tests/fixtures/analysis (written by make_fixtures.py):
// "case NAME" starts a case; every other line is "tag value value ..." (a count may follow the tag).
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace urna::test {

struct FixtureCase {
    std::string name;
    std::vector<std::pair<std::string, std::vector<double>>> rows;  ///< in file order

    const std::vector<double>& row(const std::string& tag, std::size_t nth = 0) const {
        for (const auto& r : rows)
            if (r.first == tag && nth-- == 0) return r.second;
        throw std::runtime_error("fixture case " + name + " has no row " + tag);
    }
};

/// `counted_tags` are tags whose first number is a count, not a value.
inline std::vector<FixtureCase> read_fixture(const std::string& path, const std::vector<std::string>& counted_tags) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open fixture " + path + " (run make_fixtures.py)");
    std::vector<FixtureCase> cases;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream ss(line);
        std::string tag;
        ss >> tag;
        if (tag == "case") {
            cases.emplace_back();
            ss >> cases.back().name;
            continue;
        }
        std::vector<double> values;
        std::string tok;
        while (ss >> tok) values.push_back(std::stod(tok));
        for (const auto& c : counted_tags)
            if (c == tag && !values.empty()) values.erase(values.begin());
        cases.back().rows.emplace_back(tag, std::move(values));
    }
    return cases;
}

}  // namespace urna::test
