#include <catch2/catch.hpp>

#include <string>

#include <toml++/toml.h>

#include "sim/input/toml_reader.hpp"

TEST_CASE("input: toml_basic_string is one line that TOML reads back as the same text") {
    using urna::input::toml_basic_string;
    CHECK(toml_basic_string("plain") == "\"plain\"");
    CHECK(toml_basic_string("a \"b\" c\\d") == "\"a \\\"b\\\" c\\\\d\"");
    const std::string texts[] = {
        "", "Almaty city", "quote \" and backslash \\", "line\nbreak", "tab\tand\rreturn",
        std::string("nul\0and\x01\x1f\x7f", 11), "Нур Отан (UTF-8 passes through)", "out/run.h5",
    };
    for (const std::string& text : texts) {
        INFO(text);
        const std::string quoted = toml_basic_string(text);
        CHECK(quoted.find('\n') == std::string::npos);
        const toml::table t = toml::parse("k = " + quoted);
        CHECK(t["k"].value<std::string>() == text);
    }
}
