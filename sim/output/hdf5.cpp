#include "sim/output/hdf5.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include <unistd.h>

#include "sim/errors.hpp"
#include "sim/output/output_target.hpp"

namespace urna::h5 {
namespace {

herr_t collect_error(unsigned n, const H5E_error2_t* err, void* client) {
    auto& text = *static_cast<std::string*>(client);
    char major[160] = "";
    char minor[160] = "";
    H5Eget_msg(err->maj_num, nullptr, major, sizeof major);
    H5Eget_msg(err->min_num, nullptr, minor, sizeof minor);
    text += "\n  #" + std::to_string(n) + " " + (err->func_name ? err->func_name : "?") + "(): " +
            (err->desc ? err->desc : "") + " (" + major + ": " + minor + ")";
    return 0;
}

hid_t checked_id(hid_t id, const std::string& where, const char* what) {
    if (id < 0) fail(where, what);
    return id;
}

void checked(herr_t status, const std::string& where, const char* what) {
    if (status < 0) fail(where, what);
}

// A variable-length UTF-8 string type (the caller owns it).
Handle utf8_string_type(const std::string& where) {
    Handle type(checked_id(H5Tcopy(H5T_C_S1), where, "H5Tcopy failed"), H5Tclose);
    checked(H5Tset_size(type.id(), H5T_VARIABLE), where, "H5Tset_size failed");
    checked(H5Tset_cset(type.id(), H5T_CSET_UTF8), where, "H5Tset_cset failed");
    return type;
}

Handle simple_space(const Dims& dims, const std::string& where) {
    if (dims.empty()) return Handle(checked_id(H5Screate(H5S_SCALAR), where, "H5Screate failed"), H5Sclose);
    return Handle(checked_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), where,
                             "H5Screate_simple failed"),
                  H5Sclose);
}

Dims space_dims(hid_t space, const std::string& where) {
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0) fail(where, "H5Sget_simple_extent_ndims failed");
    Dims dims(static_cast<std::size_t>(rank));
    if (rank > 0) checked(H5Sget_simple_extent_dims(space, dims.data(), nullptr), where, "H5Sget_simple_extent_dims failed");
    return dims;
}

// Which reader to use for a string dataset or attribute (the stored type and its data space).
struct StringLayout {
    Handle type;  // memory type: a copy of the stored one, so character sets never need converting
    bool variable = false;
    std::size_t fixed_size = 0;
};

StringLayout string_layout(hid_t stored_type, const std::string& where) {
    if (H5Tget_class(stored_type) != H5T_STRING) fail(where, "expected a string, found another type");
    StringLayout layout;
    layout.type = Handle(checked_id(H5Tcopy(stored_type), where, "H5Tcopy failed"), H5Tclose);
    const htri_t variable = H5Tis_variable_str(stored_type);
    if (variable < 0) fail(where, "H5Tis_variable_str failed");
    layout.variable = variable > 0;
    layout.fixed_size = layout.variable ? 0 : H5Tget_size(stored_type);
    return layout;
}

// Reads n strings with `read(memory_type, buffer)` (an H5Dread or H5Aread), vlen or fixed-length.
template <class Read>
std::vector<std::string> read_string_values(const StringLayout& layout, hid_t space, std::size_t n,
                                            const std::string& where, Read read) {
    std::vector<std::string> out;
    out.reserve(n);
    if (n == 0) return out;
    if (layout.variable) {
        std::vector<char*> ptrs(n, nullptr);
        checked(read(layout.type.id(), ptrs.data()), where, "reading strings failed");
        for (const char* p : ptrs) out.emplace_back(p ? p : "");
#if H5_VERSION_GE(1, 12, 0)
        H5Treclaim(layout.type.id(), space, H5P_DEFAULT, ptrs.data());
#else
        H5Dvlen_reclaim(layout.type.id(), space, H5P_DEFAULT, ptrs.data());
#endif
        return out;
    }
    std::vector<char> buffer(n * layout.fixed_size, '\0');
    checked(read(layout.type.id(), buffer.data()), where, "reading strings failed");
    const bool space_padded = H5Tget_strpad(layout.type.id()) == H5T_STR_SPACEPAD;
    for (std::size_t i = 0; i < n; ++i) {
        std::string s(buffer.data() + i * layout.fixed_size, layout.fixed_size);
        s.erase(std::find(s.begin(), s.end(), '\0'), s.end());
        if (space_padded) s.erase(s.find_last_not_of(' ') + 1);
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<const char*> c_strings(const std::vector<std::string>& values) {
    std::vector<const char*> ptrs;
    ptrs.reserve(values.size());
    for (const auto& v : values) ptrs.push_back(v.c_str());
    return ptrs;
}

// Link creation that makes missing intermediate groups ("histograms/fingerprint/counts").
Handle intermediate_groups(const std::string& where) {
    Handle lcpl(checked_id(H5Pcreate(H5P_LINK_CREATE), where, "H5Pcreate failed"), H5Pclose);
    checked(H5Pset_create_intermediate_group(lcpl.id(), 1), where, "H5Pset_create_intermediate_group failed");
    checked(H5Pset_char_encoding(lcpl.id(), H5T_CSET_UTF8), where, "H5Pset_char_encoding failed");
    return lcpl;
}

}  // namespace

// ---- errors -------------------------------------------------------------------------------------

void silence_automatic_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

std::string error_stack() {
    std::string text;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error, &text);
    H5Eclear2(H5E_DEFAULT);
    return text;
}

void prepare_library() { H5dont_atexit(); }

std::string likely_cause(const std::string& where) {
    // HDF5 allocates file space before it writes, so on a full disk the first failure is often a read of
    // a chunk that never reached the disk ("inflate() failed"): say what the file system says instead.
    const auto colon = where.rfind(":/");
    return full_disk_note(colon == std::string::npos ? where : where.substr(0, colon));
}

void fail(const std::string& where, const std::string& what) {
    const std::string stack = error_stack();
    // A full disk, or any failure the system named (quota, file size limit, I/O error), is said in one
    // line: the thirty-line stack would only repeat it.
    const std::string cause = likely_cause(where);
    if (!cause.empty()) throw RuntimeFailure(where + ": " + what + cause);
    const std::string reason = system_reason(stack);
    if (!reason.empty()) throw RuntimeFailure(where + ": " + what + " (" + reason + ")");
    throw RuntimeFailure(where + ": " + what + (stack.empty() ? "" : "\n HDF5 error stack:" + stack));
}

std::string system_reason(const std::string& stack) {
    // HDF5's file drivers record the failed call's errno as "errno = 27, error message = 'File too large'".
    const std::string mark = "error message = '";
    const auto at = stack.find(mark);
    if (at == std::string::npos) return {};
    const auto end = stack.find('\'', at + mark.size());
    return end == std::string::npos ? std::string() : stack.substr(at + mark.size(), end - at - mark.size());
}

hsize_t element_count(const Dims& dims) {
    hsize_t n = 1;
    for (const auto d : dims) n *= d;
    return n;
}

// ---- Handle -------------------------------------------------------------------------------------

Handle& Handle::operator=(Handle&& other) noexcept {
    if (this != &other) {
        reset();
        id_ = std::exchange(other.id_, H5I_INVALID_HID);
        closer_ = other.closer_;
    }
    return *this;
}

void Handle::close(const std::string& where) {
    if (!valid()) return;
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    if (closer_(id) < 0) fail(where, "closing failed");
}

void Handle::reset() noexcept {
    if (!valid()) return;
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    // A strong file close may already have closed this object; closing it again would only fail.
    if (H5Iis_valid(id) > 0) closer_(id);
    H5Eclear2(H5E_DEFAULT);
}

// ---- Object: attributes -------------------------------------------------------------------------

std::string Object::child_path(const std::string& name) const {
    if (!name.empty() && name.front() == '/') return name;
    return path_ == "/" ? "/" + name : path_ + "/" + name;
}

bool Object::has_attribute(const std::string& name) const {
    const htri_t exists = H5Aexists(id(), name.c_str());
    if (exists < 0) fail(where(), "H5Aexists failed for attribute '" + name + "'");
    return exists > 0;
}

std::vector<std::string> Object::attribute_names() const {
    std::vector<std::string> names;
    const auto collect = [](hid_t, const char* name, const H5A_info_t*, void* client) -> herr_t {
        static_cast<std::vector<std::string>*>(client)->emplace_back(name);
        return 0;
    };
    hsize_t index = 0;
    checked(H5Aiterate2(id(), H5_INDEX_NAME, H5_ITER_INC, &index, collect, &names), where(), "H5Aiterate2 failed");
    return names;
}

void Object::write_numeric_attribute(const std::string& name, Numeric type, const Dims& dims, const void* data) const {
    const std::string at = where() + "@" + name;
    if (has_attribute(name)) checked(H5Adelete(id(), name.c_str()), at, "H5Adelete failed");
    Handle space = simple_space(dims, at);
    Handle attr(checked_id(H5Acreate2(id(), name.c_str(), type.stored, space.id(), H5P_DEFAULT, H5P_DEFAULT), at,
                           "H5Acreate2 failed"),
                H5Aclose);
    if (element_count(dims) > 0) checked(H5Awrite(attr.id(), type.memory, data), at, "H5Awrite failed");
    attr.close(at);
}

void Object::write_attribute(const std::string& name, const std::string& value) const {
    const std::string at = where() + "@" + name;
    if (has_attribute(name)) checked(H5Adelete(id(), name.c_str()), at, "H5Adelete failed");
    Handle type = utf8_string_type(at);
    Handle space = simple_space({}, at);
    Handle attr(checked_id(H5Acreate2(id(), name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), at,
                           "H5Acreate2 failed"),
                H5Aclose);
    const char* ptr = value.c_str();
    checked(H5Awrite(attr.id(), type.id(), &ptr), at, "H5Awrite failed");
    attr.close(at);
}

std::size_t Object::attribute_size(const std::string& name) const {
    const std::string at = where() + "@" + name;
    Handle attr(checked_id(H5Aopen(id(), name.c_str(), H5P_DEFAULT), at, "no such attribute (H5Aopen failed)"),
                H5Aclose);
    Handle space(checked_id(H5Aget_space(attr.id()), at, "H5Aget_space failed"), H5Sclose);
    const hssize_t n = H5Sget_simple_extent_npoints(space.id());
    if (n < 0) fail(at, "H5Sget_simple_extent_npoints failed");
    return static_cast<std::size_t>(n);
}

void Object::read_numeric_attribute(const std::string& name, Numeric type, std::size_t n, bool scalar,
                                    void* data) const {
    const std::string at = where() + "@" + name;
    Handle attr(checked_id(H5Aopen(id(), name.c_str(), H5P_DEFAULT), at, "no such attribute (H5Aopen failed)"),
                H5Aclose);
    Handle stored(checked_id(H5Aget_type(attr.id()), at, "H5Aget_type failed"), H5Tclose);
    if (H5Tget_class(stored.id()) != type.type_class) fail(at, "attribute has a different type class than requested");
    Handle space(checked_id(H5Aget_space(attr.id()), at, "H5Aget_space failed"), H5Sclose);
    const hssize_t points = H5Sget_simple_extent_npoints(space.id());
    if (points < 0) fail(at, "H5Sget_simple_extent_npoints failed");
    if (static_cast<std::size_t>(points) != n) {
        fail(at, (scalar ? "expected a single value, found " : "expected " + std::to_string(n) + " values, found ") +
                     std::to_string(points));
    }
    if (n > 0) checked(H5Aread(attr.id(), type.memory, data), at, "H5Aread failed");
}

std::string Object::read_string_attribute(const std::string& name) const {
    const std::string at = where() + "@" + name;
    Handle attr(checked_id(H5Aopen(id(), name.c_str(), H5P_DEFAULT), at, "no such attribute (H5Aopen failed)"),
                H5Aclose);
    Handle stored(checked_id(H5Aget_type(attr.id()), at, "H5Aget_type failed"), H5Tclose);
    Handle space(checked_id(H5Aget_space(attr.id()), at, "H5Aget_space failed"), H5Sclose);
    const hssize_t points = H5Sget_simple_extent_npoints(space.id());
    if (points != 1) fail(at, "expected a single string");
    const StringLayout layout = string_layout(stored.id(), at);
    const auto values = read_string_values(layout, space.id(), 1, at,
                                           [&](hid_t memory, void* buf) { return H5Aread(attr.id(), memory, buf); });
    return values.front();
}

// ---- DataSet ------------------------------------------------------------------------------------

Dims DataSet::dims() const {
    Handle space(checked_id(H5Dget_space(id()), where(), "H5Dget_space failed"), H5Sclose);
    return space_dims(space.id(), where());
}

hsize_t DataSet::row_size() const {
    const Dims d = dims();
    if (d.empty()) fail(where(), "a scalar dataset has no rows");
    return element_count(Dims(d.begin() + 1, d.end()));
}

void DataSet::check_class(Numeric type) const {
    Handle stored(checked_id(H5Dget_type(id()), where(), "H5Dget_type failed"), H5Tclose);
    const H5T_class_t cls = H5Tget_class(stored.id());
    if (cls != type.type_class) {
        fail(where(), std::string("dataset holds ") + (cls == H5T_FLOAT ? "floating-point" : cls == H5T_INTEGER ? "integer" : "non-numeric") +
                          " values, requested " + (type.type_class == H5T_FLOAT ? "floating-point" : "integer"));
    }
}

void DataSet::write_raw(Numeric type, std::size_t n, const void* data) const {
    const hsize_t expected = size();
    if (n != expected) {
        fail(where(), "writing " + std::to_string(n) + " values into a dataset of " + std::to_string(expected));
    }
    if (n == 0) return;
    checked(H5Dwrite(id(), type.memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), where(), "H5Dwrite failed");
}

void DataSet::read_raw(Numeric type, std::size_t n, void* data) const {
    check_class(type);
    if (n == 0) return;
    checked(H5Dread(id(), type.memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), where(), "H5Dread failed");
}

DataSet::RowSelection DataSet::select_rows(const Dims& dims, hsize_t first_row, hsize_t n_rows) const {
    Handle file_space(checked_id(H5Dget_space(id()), where(), "H5Dget_space failed"), H5Sclose);
    Dims start(dims.size(), 0);
    start[0] = first_row;
    Dims count = dims;
    count[0] = n_rows;
    checked(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
            where(), "H5Sselect_hyperslab failed");
    return {std::move(file_space), simple_space(count, where())};
}

void DataSet::write_rows_raw(Numeric type, hsize_t first_row, std::size_t n_elements, const void* data) const {
    Dims d = dims();
    if (d.empty()) fail(where(), "write_rows on a scalar dataset");
    const hsize_t per_row = element_count(Dims(d.begin() + 1, d.end()));
    if (per_row == 0 || n_elements % per_row != 0) {
        fail(where(), std::to_string(n_elements) + " values are not a whole number of rows of " + std::to_string(per_row));
    }
    const hsize_t n_rows = n_elements / per_row;
    if (first_row + n_rows > d[0]) {
        fail(where(), "rows [" + std::to_string(first_row) + ", " + std::to_string(first_row + n_rows) +
                          ") exceed the " + std::to_string(d[0]) + " rows of the dataset");
    }
    if (n_rows == 0) return;
    const RowSelection rows = select_rows(d, first_row, n_rows);
    checked(H5Dwrite(id(), type.memory, rows.memory.id(), rows.file.id(), H5P_DEFAULT, data), where(),
            "H5Dwrite (rows) failed");
}

void DataSet::read_rows_raw(Numeric type, hsize_t first_row, hsize_t n_rows, void* data) const {
    check_class(type);
    Dims d = dims();
    if (d.empty()) fail(where(), "read_rows on a scalar dataset");
    if (first_row + n_rows > d[0]) fail(where(), "rows requested beyond the end of the dataset");
    if (n_rows == 0 || element_count(d) == 0) return;
    const RowSelection rows = select_rows(d, first_row, n_rows);
    checked(H5Dread(id(), type.memory, rows.memory.id(), rows.file.id(), H5P_DEFAULT, data), where(),
            "H5Dread (rows) failed");
}

void DataSet::write_strings(const std::vector<std::string>& values) const {
    if (values.size() != size()) {
        fail(where(), "writing " + std::to_string(values.size()) + " strings into a dataset of " + std::to_string(size()));
    }
    if (values.empty()) return;
    Handle type = utf8_string_type(where());
    const auto ptrs = c_strings(values);
    checked(H5Dwrite(id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), where(), "H5Dwrite failed");
}

std::vector<std::string> DataSet::read_strings() const {
    Handle stored(checked_id(H5Dget_type(id()), where(), "H5Dget_type failed"), H5Tclose);
    Handle space(checked_id(H5Dget_space(id()), where(), "H5Dget_space failed"), H5Sclose);
    const StringLayout layout = string_layout(stored.id(), where());
    return read_string_values(layout, space.id(), size(), where(), [&](hid_t memory, void* buf) {
        return H5Dread(id(), memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
    });
}

// ---- Group --------------------------------------------------------------------------------------

Group Group::create_group(const std::string& name) const {
    const std::string path = child_path(name);
    const std::string at = file_ + ":" + path;
    Handle lcpl = intermediate_groups(at);
    Handle g(checked_id(H5Gcreate2(id(), name.c_str(), lcpl.id(), H5P_DEFAULT, H5P_DEFAULT), at, "H5Gcreate2 failed"),
             H5Gclose);
    return Group(std::move(g), file_, path);
}

Group Group::open_group(const std::string& name) const {
    const std::string path = child_path(name);
    Handle g(checked_id(H5Gopen2(id(), name.c_str(), H5P_DEFAULT), file_ + ":" + path, "no such group (H5Gopen2 failed)"),
             H5Gclose);
    return Group(std::move(g), file_, path);
}

void Group::remove(const std::string& name) const {
    if (H5Ldelete(id(), name.c_str(), H5P_DEFAULT) < 0) fail(file_ + ":" + child_path(name), "cannot remove (H5Ldelete failed)");
}

bool Group::exists(const std::string& name) const {
    // H5Lexists fails (rather than answering no) when an intermediate link is missing: walk the path.
    std::string prefix;
    std::size_t begin = 0;
    while (begin <= name.size()) {
        const std::size_t end = std::min(name.find('/', begin), name.size());
        if (end > begin) {
            prefix += (prefix.empty() ? "" : "/") + name.substr(begin, end - begin);
            const htri_t found = H5Lexists(id(), prefix.c_str(), H5P_DEFAULT);
            if (found < 0) fail(where(), "H5Lexists failed for '" + prefix + "'");
            if (found == 0) return false;
        }
        begin = end + 1;
    }
    return !prefix.empty();
}

DataSet Group::create_dataset_raw(const std::string& name, hid_t stored_type, const Dims& dims,
                                  const DataSetOptions& options) const {
    const std::string path = child_path(name);
    const std::string at = file_ + ":" + path;
    Handle space = simple_space(dims, at);
    Handle dcpl(checked_id(H5Pcreate(H5P_DATASET_CREATE), at, "H5Pcreate failed"), H5Pclose);
    // Chunks must fit inside fixed dims and cannot be empty: an empty dataset stays contiguous.
    const bool chunked = !options.chunk.empty() && !dims.empty() && element_count(dims) > 0;
    if (chunked) {
        if (options.chunk.size() != dims.size()) fail(at, "chunk rank differs from dataset rank");
        Dims chunk(dims.size());
        for (std::size_t i = 0; i < dims.size(); ++i) chunk[i] = std::clamp<hsize_t>(options.chunk[i], 1, dims[i]);
        checked(H5Pset_chunk(dcpl.id(), static_cast<int>(chunk.size()), chunk.data()), at, "H5Pset_chunk failed");
        if (options.shuffle) checked(H5Pset_shuffle(dcpl.id()), at, "H5Pset_shuffle failed");
        if (options.deflate > 0 && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
            checked(H5Pset_deflate(dcpl.id(), static_cast<unsigned>(options.deflate)), at, "H5Pset_deflate failed");
        }
    }
    Handle lcpl = intermediate_groups(at);
    Handle ds(checked_id(H5Dcreate2(id(), name.c_str(), stored_type, space.id(), lcpl.id(), dcpl.id(), H5P_DEFAULT), at,
                         "H5Dcreate2 failed"),
              H5Dclose);
    return DataSet(std::move(ds), file_, path);
}

DataSet Group::open_dataset(const std::string& name) const {
    const std::string path = child_path(name);
    Handle ds(checked_id(H5Dopen2(id(), name.c_str(), H5P_DEFAULT), file_ + ":" + path,
                         "no such dataset (H5Dopen2 failed)"),
              H5Dclose);
    return DataSet(std::move(ds), file_, path);
}

DataSet Group::write_strings(const std::string& name, const std::vector<std::string>& values) const {
    const std::string path = child_path(name);
    const std::string at = file_ + ":" + path;
    Handle type = utf8_string_type(at);
    Handle space = simple_space({values.size()}, at);
    Handle lcpl = intermediate_groups(at);
    Handle ds(checked_id(H5Dcreate2(id(), name.c_str(), type.id(), space.id(), lcpl.id(), H5P_DEFAULT, H5P_DEFAULT),
                         at, "H5Dcreate2 failed"),
              H5Dclose);
    DataSet dataset(std::move(ds), file_, path);
    dataset.write_strings(values);
    return dataset;
}

// ---- File ---------------------------------------------------------------------------------------

File::File(Handle file, Handle root, std::string name)
    : Group(std::move(root), std::move(name), "/"), file_handle_(std::move(file)) {}

namespace {
Handle strong_close_access(const std::string& where) {
    Handle fapl(checked_id(H5Pcreate(H5P_FILE_ACCESS), where, "H5Pcreate failed"), H5Pclose);
    checked(H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_STRONG), where, "H5Pset_fclose_degree failed");
    return fapl;
}
}  // namespace

File File::create(const std::string& path, Create mode) {
    silence_automatic_errors();
    Handle fapl = strong_close_access(path);
    const unsigned flags = mode == Create::exclusive ? H5F_ACC_EXCL : H5F_ACC_TRUNC;
    Handle file(checked_id(H5Fcreate(path.c_str(), flags, H5P_DEFAULT, fapl.id()), path,
                           mode == Create::exclusive ? "cannot create the file (H5Fcreate, exclusive: does it exist?)"
                                                     : "cannot create the file (H5Fcreate)"),
                H5Fclose);
    Handle root(checked_id(H5Gopen2(file.id(), "/", H5P_DEFAULT), path + ":/", "H5Gopen2 failed"), H5Gclose);
    return File(std::move(file), std::move(root), path);
}

File File::open(const std::string& path, Access access) {
    silence_automatic_errors();
    Handle fapl = strong_close_access(path);
    const unsigned flags = access == Access::read_only ? H5F_ACC_RDONLY : H5F_ACC_RDWR;
    Handle file(checked_id(H5Fopen(path.c_str(), flags, fapl.id()), path, "cannot open the file (H5Fopen)"), H5Fclose);
    Handle root(checked_id(H5Gopen2(file.id(), "/", H5P_DEFAULT), path + ":/", "H5Gopen2 failed"), H5Gclose);
    return File(std::move(file), std::move(root), path);
}

void File::flush() const {
    checked(H5Fflush(file_handle_.id(), H5F_SCOPE_GLOBAL), where(), "H5Fflush failed");
}

void File::close() {
    handle_.close(where());
    file_handle_.close(file_);
}

void File::release() noexcept {
    handle_.reset();
    file_handle_.reset();
}

std::string short_reason(const std::exception& failure) {
    const std::string text = failure.what();
    // The innermost entry of HDF5's stack is its last line: "  #3 H5F__super_read(): truncated file: ... (major: minor)".
    const auto last_start = text.rfind("\n  #");
    if (last_start == std::string::npos) return text.substr(0, text.find('\n'));
    std::string last = text.substr(last_start + 3);
    const auto call_end = last.find("(): ");
    if (call_end != std::string::npos) last = last.substr(call_end + 4);
    const auto detail = last.rfind(" (");
    return detail != std::string::npos ? last.substr(0, detail) : last;
}

File open_input_file(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw InputError(path + ": no such file");
    if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": is a directory, not an HDF5 file");
    // H5Fis_hdf5 answers "not HDF5" for a file it cannot open: say why it cannot be read instead.
    if (::access(path.c_str(), R_OK) != 0) {
        throw InputError(path + ": cannot open the file (" + std::strerror(errno) + ")");
    }
    silence_automatic_errors();
    const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
    error_stack();  // discard
    if (is_hdf5 <= 0) throw InputError(path + ": not an HDF5 file");
    try {
        return File::open(path);
    } catch (const RuntimeFailure& e) {
        throw InputError(path + ": damaged or truncated HDF5 file (" + short_reason(e) + ")");
    }
}

}  // namespace urna::h5
