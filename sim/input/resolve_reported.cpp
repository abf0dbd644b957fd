// [[reported]]: the published figures the simulations are compared with. Each must name a known
// party and region, so a typo cannot silently compare against nothing.
#include <cmath>

#include <fmt/format.h>

#include "sim/input/resolve.hpp"
#include "sim/input/schema.hpp"

namespace urna::input {

namespace {

std::string list_ids(const std::vector<Party>& parties) {
    std::string out;
    for (const auto& p : parties) out += (out.empty() ? "" : ", ") + p.id;
    return out;
}

}  // namespace

std::vector<ReportedFigure> read_reported(const TableReader& root, const Scenario& scenario) {
    std::vector<ReportedFigure> figures;
    const toml::array* array = root.array("reported");
    if (!array) return figures;
    const Where array_where = root.where_of("reported");
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        const std::string path = fmt::format("reported.{}", i);
        if (!element.is_table()) fail_type(element, array_where, path, "a table");
        const TableReader r(element.as_table(), path, array_where);
        r.allow_only(section_key_names("reported"));
        ReportedFigure figure;
        const auto kind = r.string("kind");
        if (!kind) r.fail_missing("kind", "one of \"turnout\", \"share\", \"seats\", \"votes\"");
        if (*kind == "turnout") figure.kind = ReportedFigure::Kind::turnout;
        else if (*kind == "share") figure.kind = ReportedFigure::Kind::share;
        else if (*kind == "seats") figure.kind = ReportedFigure::Kind::seats;
        else if (*kind == "votes") figure.kind = ReportedFigure::Kind::votes;
        else
            r.fail_at("kind", fmt::format("unknown kind '{}' (allowed: \"turnout\", \"share\", \"seats\", \"votes\")", *kind));
        const bool needs_party = figure.kind != ReportedFigure::Kind::turnout;

        if (const auto party = r.string("party")) {
            if (!needs_party) r.fail_at("party", "not used with kind = \"turnout\" (turnout is not per party; remove it)");
            bool known = false;
            for (const auto& p : scenario.parties) known = known || p.id == *party;
            if (!known)
                r.fail_at("party", fmt::format("unknown party '{}' (party ids: {})", *party, list_ids(scenario.parties)));
            figure.party = *party;
        } else if (needs_party) {
            r.fail_missing("party", fmt::format("kind = \"{}\" is a per-party figure", *kind));
        }
        if (const auto region = r.string("region")) {
            if (figure.kind == ReportedFigure::Kind::seats)
                r.fail_at("region", "not used with kind = \"seats\" (seats are allocated nationally, so a seat figure "
                                    "is national; remove region)");
            bool known = false;
            for (const auto& reg : scenario.regions) known = known || reg.name == *region;
            if (!known)
                r.fail_at("region", fmt::format("unknown region '{}' (region names must match a [[regions]] name "
                                                "exactly; omit region for a national figure)",
                                                *region));
            figure.region = *region;
        }
        if (!r.has("value")) r.fail_missing("value", "the reported figure itself");
        if (figure.kind == ReportedFigure::Kind::turnout || figure.kind == ReportedFigure::Kind::share) {
            figure.value = *r.fraction("value");
        } else {
            // Counts are whole numbers; 2^53 keeps them exact in the double the struct holds.
            const std::int64_t count = *r.integer("value", 0, std::int64_t{1} << 53);
            if (figure.kind == ReportedFigure::Kind::seats && scenario.seats.total > 0 && count > scenario.seats.total)
                r.fail_at("value", fmt::format("{} seats is more than seats.total = {}", count, scenario.seats.total));
            figure.value = static_cast<double>(count);
        }
        figure.label = r.string("label").value_or("");
        const auto source = r.string("source");
        if (!source) r.fail_missing("source", "every reported figure needs a citation");
        figure.source = *source;
        figure.preliminary = r.boolean("preliminary").value_or(false);
        figures.push_back(std::move(figure));
    }
    return figures;
}

}  // namespace urna::input
