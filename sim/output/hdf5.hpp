// A thin checked RAII layer over the HDF5 C API (in the spirit of HighFive).
//
// Every HDF5 call is checked; a failure throws urna::RuntimeFailure whose message names the file and
// object ("run.h5:/replicates/votes: H5Dwrite failed") followed by the system's reason where a system
// call failed ("(File too large)", or the full disk's note), else by the HDF5 error stack, walked with
// H5Ewalk2. HDF5's own automatic printing to stderr is switched off, so nothing else is printed.
//
// Arrays are flat std::vectors in row-major (C) order with explicit dims: element [i][j] of a
// [R, C] dataset is data[i * C + j]. Numbers are stored little-endian (I32LE, I64LE, U64LE, F64LE)
// whatever the machine; strings are variable-length UTF-8. The serial HDF5 library is not
// thread-safe: use these objects from one thread at a time.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <hdf5.h>

namespace urna::h5 {

/// Owns one HDF5 identifier and closes it with the matching H5?close function. Move-only.
class Handle {
  public:
    using Closer = herr_t (*)(hid_t);
    Handle() = default;
    Handle(hid_t id, Closer closer) noexcept : id_(id), closer_(closer) {}
    ~Handle() { reset(); }
    Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = H5I_INVALID_HID; }
    Handle& operator=(Handle&& other) noexcept;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    hid_t id() const { return id_; }
    bool valid() const { return id_ >= 0; }
    /// Closes now and reports failure (throws RuntimeFailure naming `where`).
    void close(const std::string& where);
    /// Closes now, ignoring failures (destructors and cleanup paths).
    void reset() noexcept;

  private:
    hid_t id_ = H5I_INVALID_HID;
    Closer closer_ = nullptr;
};

/// Call first in main, before any other HDF5 call: HDF5 then does not flush and close files from an atexit
/// handler. After a failed write (a full disk) that handler flushes a file the program has given up on and
/// crashes; every file urna writes is closed explicitly or abandoned (its temporary removed) instead.
void prepare_library();
/// " (No space left on device: ...)" when the file system holding the file named at the start of `where`
/// is full, else empty: HDF5's own error stack rarely says so.
std::string likely_cause(const std::string& where);
/// Switches off HDF5's automatic error printing (idempotent; the File functions call it).
void silence_automatic_errors();
/// The current HDF5 error stack as text (one line per entry, innermost call first), then clears it.
std::string error_stack();
/// The operating system's reason recorded in an HDF5 error stack by its file driver ("File too large",
/// "Disk quota exceeded"), or empty when the stack holds none.
std::string system_reason(const std::string& stack);
/// Throws RuntimeFailure: "<where>: <what>" plus the HDF5 error stack; on a full disk "<where>: <what>
/// (No space left on device: ...)", and where the system named the failure "<where>: <what> (reason)",
/// in one line.
[[noreturn]] void fail(const std::string& where, const std::string& what);

/// The C++ types that datasets and attributes hold, with their memory and stored HDF5 types.
template <class T>
struct TypeOf {
    static constexpr bool supported = false;
};
template <>
struct TypeOf<std::int32_t> {
    static constexpr bool supported = true;
    static constexpr H5T_class_t type_class = H5T_INTEGER;
    static hid_t memory() { return H5T_NATIVE_INT32; }
    static hid_t stored() { return H5T_STD_I32LE; }
};
template <>
struct TypeOf<std::int64_t> {
    static constexpr bool supported = true;
    static constexpr H5T_class_t type_class = H5T_INTEGER;
    static hid_t memory() { return H5T_NATIVE_INT64; }
    static hid_t stored() { return H5T_STD_I64LE; }
};
template <>
struct TypeOf<std::uint64_t> {
    static constexpr bool supported = true;
    static constexpr H5T_class_t type_class = H5T_INTEGER;
    static hid_t memory() { return H5T_NATIVE_UINT64; }
    static hid_t stored() { return H5T_STD_U64LE; }
};
template <>
struct TypeOf<double> {
    static constexpr bool supported = true;
    static constexpr H5T_class_t type_class = H5T_FLOAT;
    static hid_t memory() { return H5T_NATIVE_DOUBLE; }
    static hid_t stored() { return H5T_IEEE_F64LE; }
};

/// The numeric element type of a dataset or attribute, for the checked raw calls below.
struct Numeric {
    hid_t memory;
    hid_t stored;
    H5T_class_t type_class;
    template <class T>
    static Numeric of() {
        static_assert(TypeOf<T>::supported, "h5: supported element types are int32, int64, uint64, double");
        return {TypeOf<T>::memory(), TypeOf<T>::stored(), TypeOf<T>::type_class};
    }
};

using Dims = std::vector<hsize_t>;

/// Number of elements of an array with these dims (1 for a scalar, dims = {}).
hsize_t element_count(const Dims& dims);

/// Anything that carries attributes: the file's root group, a group or a dataset.
class Object {
  public:
    hid_t id() const { return handle_.id(); }
    const std::string& file_name() const { return file_; }
    const std::string& path() const { return path_; }
    /// "<file>:<path>", used in every error message.
    std::string where() const { return file_ + ":" + path_; }

    bool has_attribute(const std::string& name) const;
    std::vector<std::string> attribute_names() const;

    /// Scalar attributes; an existing attribute of that name is replaced.
    template <class T>
    void write_attribute(const std::string& name, T value) const {
        write_numeric_attribute(name, Numeric::of<T>(), {}, &value);
    }
    void write_attribute(const std::string& name, const std::string& value) const;  ///< vlen UTF-8
    void write_attribute(const std::string& name, const char* value) const {
        write_attribute(name, std::string(value));
    }
    /// 1-D array attribute, e.g. format_version = int32[2] {1, 0}.
    template <class T>
    void write_attribute_array(const std::string& name, const std::vector<T>& values) const {
        write_numeric_attribute(name, Numeric::of<T>(), {values.size()}, values.data());
    }

    template <class T>
    T read_attribute(const std::string& name) const {
        T value{};
        read_numeric_attribute(name, Numeric::of<T>(), 1, true, &value);
        return value;
    }
    std::string read_string_attribute(const std::string& name) const;
    template <class T>
    std::vector<T> read_attribute_array(const std::string& name) const {
        std::vector<T> values(attribute_size(name));
        read_numeric_attribute(name, Numeric::of<T>(), values.size(), false, values.data());
        return values;
    }
    /// Number of elements of an attribute (1 for a scalar).
    std::size_t attribute_size(const std::string& name) const;

  protected:
    Object() = default;
    Object(Handle handle, std::string file, std::string path)
        : handle_(std::move(handle)), file_(std::move(file)), path_(std::move(path)) {}

    std::string child_path(const std::string& name) const;
    void write_numeric_attribute(const std::string& name, Numeric type, const Dims& dims, const void* data) const;
    void read_numeric_attribute(const std::string& name, Numeric type, std::size_t n, bool scalar, void* data) const;

    Handle handle_;
    std::string file_;
    std::string path_;
};

/// Chunking and compression of a new dataset. Empty chunk: contiguous storage (no compression).
/// Chunk sizes are clamped to the dataset's dims.
struct DataSetOptions {
    Dims chunk;
    int deflate = 0;       ///< zlib level 1-9, 0: none (ignored when the filter is unavailable)
    bool shuffle = false;  ///< byte shuffle before deflate (helps integer data compress)
};

class DataSet : public Object {
  public:
    DataSet(Handle handle, std::string file, std::string path) : Object(std::move(handle), std::move(file), std::move(path)) {}

    Dims dims() const;
    hsize_t size() const { return element_count(dims()); }

    /// Writes the whole dataset; data.size() must equal the number of elements.
    template <class T>
    void write(const std::vector<T>& data) const {
        write_raw(Numeric::of<T>(), data.size(), data.data());
    }
    /// Reads the whole dataset, row-major. Integer datasets read into integer types and floating
    /// ones into double only; HDF5 converts between integer widths.
    template <class T>
    std::vector<T> read() const {
        std::vector<T> data(size());
        read_raw(Numeric::of<T>(), data.size(), data.data());
        return data;
    }
    /// Writes rows [first_row, first_row + n) along the first axis (a hyperslab): `rows` holds n
    /// complete rows, row-major, so its size must be a multiple of the product of the other dims.
    template <class T>
    void write_rows(hsize_t first_row, const std::vector<T>& rows) const {
        write_rows_raw(Numeric::of<T>(), first_row, rows.size(), rows.data());
    }
    template <class T>
    std::vector<T> read_rows(hsize_t first_row, hsize_t n) const {
        std::vector<T> rows(n * row_size());
        read_rows_raw(Numeric::of<T>(), first_row, n, rows.data());
        return rows;
    }
    /// Elements per row: the product of every dim but the first.
    hsize_t row_size() const;

    /// Closes now and reports failure (throws RuntimeFailure naming the dataset); unusable afterwards.
    void close() { handle_.close(where()); }

    void write_strings(const std::vector<std::string>& values) const;  ///< 1-D vlen UTF-8 dataset
    std::vector<std::string> read_strings() const;  ///< vlen or fixed-length strings

  private:
    void write_raw(Numeric type, std::size_t n, const void* data) const;
    void read_raw(Numeric type, std::size_t n, void* data) const;
    void write_rows_raw(Numeric type, hsize_t first_row, std::size_t n_elements, const void* data) const;
    void read_rows_raw(Numeric type, hsize_t first_row, hsize_t n_rows, void* data) const;
    /// Rows [first_row, first_row + n_rows) of a dataset of shape `dims`: the file-space hyperslab
    /// and the matching memory space, shared by row reads and writes.
    struct RowSelection {
        Handle file, memory;
    };
    RowSelection select_rows(const Dims& dims, hsize_t first_row, hsize_t n_rows) const;
    void check_class(Numeric type) const;
};

class Group : public Object {
  public:
    Group(Handle handle, std::string file, std::string path) : Object(std::move(handle), std::move(file), std::move(path)) {}

    /// Creates a group (and any missing intermediate groups, e.g. "histograms/fingerprint").
    Group create_group(const std::string& name) const;
    Group open_group(const std::string& name) const;
    /// Whether a link of that (possibly nested) name exists below this group.
    bool exists(const std::string& name) const;
    /// Removes the link `name` (a group or dataset) so it can be written anew, e.g. when a
    /// comparison is recomputed. The space is not reclaimed (HDF5 does not shrink files).
    void remove(const std::string& name) const;

    template <class T>
    DataSet create_dataset(const std::string& name, const Dims& dims, const DataSetOptions& options = {}) const {
        return create_dataset_raw(name, Numeric::of<T>().stored, dims, options);
    }
    DataSet open_dataset(const std::string& name) const;

    /// Creates and writes a dataset in one go; empty dims means 1-D of data.size().
    template <class T>
    DataSet write_dataset(const std::string& name, const std::vector<T>& data, Dims dims = {},
                          const DataSetOptions& options = {}) const {
        if (dims.empty()) dims = {data.size()};
        auto ds = create_dataset<T>(name, dims, options);
        ds.write(data);
        return ds;
    }
    template <class T>
    std::vector<T> read_dataset(const std::string& name) const {
        return open_dataset(name).read<T>();
    }
    DataSet write_strings(const std::string& name, const std::vector<std::string>& values) const;
    std::vector<std::string> read_strings(const std::string& name) const {
        return open_dataset(name).read_strings();
    }

  protected:
    Group() = default;

  private:
    DataSet create_dataset_raw(const std::string& name, hid_t stored_type, const Dims& dims,
                               const DataSetOptions& options) const;
};

/// An HDF5 file; as a Group it is the root group "/". Closing the file closes every object still
/// open in it (H5F_CLOSE_STRONG), so close() really releases the file.
class File : public Group {
  public:
    enum class Create {
        exclusive,  ///< fail if the file exists (H5F_ACC_EXCL)
        truncate,   ///< replace an existing file (H5F_ACC_TRUNC)
    };
    enum class Access { read_only, read_write };

    static File create(const std::string& path, Create mode = Create::exclusive);
    static File open(const std::string& path, Access access = Access::read_only);

    File(File&&) noexcept = default;
    File& operator=(File&&) noexcept = default;
    ~File() { release(); }

    void flush() const;
    /// Closes the root group and the file, reporting failure; the object is unusable afterwards.
    void close();
    /// Closes without reporting (cleanup after an error).
    void release() noexcept;
    bool is_open() const { return file_handle_.valid(); }

  private:
    File(Handle file, Handle root, std::string name);
    Handle file_handle_;
};

/// Opens a file a user gave as input, read-only. Every problem is urna::InputError in one line naming the
/// file: absent, a directory, not HDF5, or damaged or truncated (with HDF5's innermost reason, e.g.
/// "truncated file: eof = 5000, ... stored_eof = 310838"), never an HDF5 error stack.
File open_input_file(const std::string& path);

/// HDF5's innermost reason from a failure's error stack (else the message's first line), for one-line errors.
std::string short_reason(const std::exception& failure);


}  // namespace urna::h5
