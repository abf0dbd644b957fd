// The Catch2 (v2) main for urna_tests: HDF5 is prepared as in the urna command before any test runs.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "sim/output/hdf5.hpp"

int main(int argc, char** argv) {
    urna::h5::prepare_library();
    return Catch::Session().run(argc, argv);
}
