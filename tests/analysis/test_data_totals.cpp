// Totals of the three real data sets against the official figures their README.txt files quote
// (../shared/data/*/README.txt). Skipped with a message when the shared data directory is absent.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <optional>

#include "analysis/column_mapping.hpp"
#include "analysis/data_totals.hpp"
#include "analysis/station_csv.hpp"

using namespace urna::analysis;

namespace {

std::optional<DataTotals> totals_of(const std::string& data, const std::string& mapping) {
    const std::string path = URNA_SHARED_DATA_DIR "/" + data;
    if (!std::ifstream(path)) {
        WARN("skipped: " << path << " is absent (the shared data directory is not next to the repository)");
        return std::nullopt;
    }
    return data_totals(read_station_csv(path, load_column_mapping(URNA_SOURCE_DIR "/scenarios/data/" + mapping)).table);
}

std::map<std::string, PartyTotal> by_party(const DataTotals& d) {
    std::map<std::string, PartyTotal> m;
    for (const auto& p : d.parties) m[p.party] = p;
    return m;
}

}  // namespace

TEST_CASE("data totals: Russia 2011 Duma matches the CEC totals") {
    // README: registered 109,229,337; ballots issued 65,766,594 (turnout 60.21 %, = CEC); valid + invalid
    // 65,648,690; United Russia 32,371,737 = 49.31 % of valid + invalid (CEC 49.32 %: the CEC's figure is
    // rounded from a total that includes late protocols; the README and Wikipedia agree on 49.31 %).
    // The file's 95,225 stations include the 376 abroad, as the CEC totals do.
    const auto d = totals_of("russia_duma_2011/2011.csv.gz", "russia_duma_2011.toml");
    if (!d) return;
    CHECK(d->stations == 95225);
    CHECK(d->registered == 109229337);
    CHECK(d->ballots == 65766594);
    CHECK(d->ballots_counted == 65648690);
    CHECK(d->valid + d->invalid == d->ballots_counted);
    CHECK(*d->turnout == Approx(0.6021).margin(0.00005));
    const auto p = by_party(*d);
    CHECK(p.at("united_russia").votes == 32371737);
    CHECK(*p.at("united_russia").share_of_counted == Approx(0.4931).margin(0.00005));
    CHECK(p.at("kprf").votes == 12599420);
    CHECK(*p.at("kprf").share_of_counted == Approx(0.1919).margin(0.00005));
    CHECK(p.at("just_russia").votes == 8695458);
    CHECK(p.at("ldpr").votes == 7664516);
    CHECK(p.at("yabloko").votes == 2252327);
    CHECK(p.at("patriots").votes == 639067);
    CHECK(p.at("right_cause").votes == 392727);
}

TEST_CASE("data totals: Russia 2012 presidential matches the CEC totals") {
    // README: registered 109,860,331; issued 71,780,800 (65.34 %, = CEC); valid + invalid 71,701,665;
    // valid 70,864,974; invalid 836,691; Putin 45,602,075 = 63.60 % of valid + invalid (= CEC).
    const auto d = totals_of("russia_president_2012/2012.csv.gz", "russia_president_2012.toml");
    if (!d) return;
    CHECK(d->stations == 95415);
    CHECK(d->registered == 109860331);
    CHECK(d->ballots == 71780800);
    CHECK(d->ballots_counted == 71701665);
    CHECK(d->valid == 70864974);
    CHECK(d->invalid == 836691);
    CHECK(*d->turnout == Approx(0.6534).margin(0.00005));
    const auto p = by_party(*d);
    CHECK(p.at("putin").votes == 45602075);
    CHECK(*p.at("putin").share_of_counted == Approx(0.6360).margin(0.00005));
    CHECK(p.at("zyuganov").votes == 12318353);
    CHECK(p.at("prokhorov").votes == 5722508);
    CHECK(p.at("zhirinovsky").votes == 4458103);
    CHECK(p.at("mironov").votes == 2763935);
}

TEST_CASE("data totals: Uganda 2011 presidential matches the station file's documented sums") {
    // README: the station-level file sums to registered 13,954,129, valid 7,928,276, invalid 335,177,
    // Museveni 5,436,639 (68.57 % of valid), Besigye 2,071,397 (26.13 %). The official national tally
    // (district tally sheet) differs slightly: Museveni 5,428,369 (68.38 %), valid 7,938,212, invalid 334,548;
    // the PDF conversion does not sum exactly to it (README), so these are the file's figures, not the EC's.
    const auto d = totals_of("uganda_president_2011/UEDP_Converted_2011_Results.csv.gz", "uganda_president_2011.toml");
    if (!d) return;
    CHECK(d->stations == 23968);
    CHECK(d->registered == 13954129);
    CHECK(d->valid == 7928276);
    CHECK(d->invalid == 335177);
    CHECK(d->ballots == 7928276 + 335177);
    CHECK(*d->turnout == Approx(0.5922).margin(0.00005));
    const auto p = by_party(*d);
    CHECK(p.at("museveni").votes == 5436639);
    CHECK(*p.at("museveni").share_of_valid == Approx(0.6857).margin(0.00005));
    CHECK(p.at("besigye").votes == 2071397);
    CHECK(*p.at("besigye").share_of_valid == Approx(0.2613).margin(0.00005));
    // Within 0.2 points of the official Museveni share of 68.38 %.
    CHECK(*p.at("museveni").share_of_valid == Approx(0.6838).margin(0.002));
}
