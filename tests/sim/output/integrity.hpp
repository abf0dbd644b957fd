// What the integrity checks of urna's files are tested with: whether a dataset carries a checksum, and
// damage as a failing disk or a stray write leaves it, one bit flipped in a dataset's stored bytes behind
// HDF5's back.
#pragma once

#include <cstddef>
#include <fstream>
#include <stdexcept>
#include <string>

#include <hdf5.h>

#include "sim/output/hdf5.hpp"

namespace urna::test {

/// Whether `set` is stored with HDF5's Fletcher-32 checksum filter.
inline bool has_checksum(const h5::DataSet& set) {
    const hid_t dcpl = H5Dget_create_plist(set.id());
    unsigned flags = 0;
    std::size_t values = 0;
    const bool found = H5Pget_filter_by_id2(dcpl, H5Z_FILTER_FLETCHER32, &flags, &values, nullptr, 0, nullptr,
                                            nullptr) >= 0;
    H5Eclear2(H5E_DEFAULT);  // absent is an answer here, not an error
    H5Pclose(dcpl);
    return found;
}

/// Flips one bit in the middle of the first chunk of the chunked dataset `dataset` ("/replicates/votes") of
/// the HDF5 file at `path`, changing nothing else.
inline void flip_stored_bit(const std::string& path, const std::string& dataset) {
    haddr_t address = 0;
    hsize_t size = 0;
    {
        const auto file = h5::File::open(path);
        const auto set = file.open_dataset(dataset);
        const hid_t space = H5Dget_space(set.id());
        hsize_t offset[H5S_MAX_RANK] = {};
        unsigned filter_mask = 0;
        const herr_t status = H5Dget_chunk_info(set.id(), space, 0, offset, &filter_mask, &address, &size);
        H5Sclose(space);
        if (status < 0 || size == 0) throw std::runtime_error(path + ":" + dataset + ": no stored chunk to damage");
    }
    std::fstream bytes(path, std::ios::in | std::ios::out | std::ios::binary);
    const auto at = static_cast<std::streamoff>(address + size / 2);
    bytes.seekg(at);
    const char byte = static_cast<char>(bytes.get() ^ 0x10);
    bytes.seekp(at);
    bytes.put(byte);
    if (!bytes) throw std::runtime_error(path + ": cannot write the flipped bit");
}

}  // namespace urna::test
