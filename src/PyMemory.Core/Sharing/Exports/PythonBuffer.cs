using System.Buffers;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// Exports memory owned by .NET to Python without a copy: a PyMemory block (any domain), a window of one, or any
/// <see cref="Memory{T}"/> / <see cref="ReadOnlyMemory{T}"/> whose owner honours pins (a block's
/// <see cref="NativeBlock.AsMemory()"/>, a pooled rental, a managed array). The result is a Python object of the type
/// <c>pymemory.Buffer</c> that implements the buffer protocol, so <c>memoryview</c>, <c>bytes()</c>,
/// <c>struct.unpack_from</c>, <c>hashlib</c>, <c>file.write</c> and <c>numpy.frombuffer</c> read the memory in place.
/// </summary>
/// <remarks>
/// <para>Exports are read-only; the <c>ExportWritable</c> methods let Python write too; a consumer that asks a read-only export for a
/// writable buffer gets BufferError, as from CPython's own read-only exporters. Typed exports
/// (<see cref="Export{T}(NativeBlock, ReadOnlySpan{long})"/>) describe C-contiguous elements of a struct-module
/// format (<c>f</c> for <see cref="float"/>, ...) in a shape, which numpy turns into the matching dtype and shape.</para>
/// <para>Lifetime: the export pins its memory for as long as the Python object lives, and CPython keeps the object
/// alive while any view (a memoryview, a numpy array, a <c>Py_buffer</c> held by C code) uses it. A pinned block is
/// not freed when disposed (or finalized, which cannot happen while Python holds it): the free is deferred until the
/// last view is released, and then happens in the block's own domain, on the thread that released it (which holds the
/// GIL). A pinned block refuses <see cref="NativeBlock.Resize"/>. After the interpreter is finalized nothing is freed
/// through Python.</para>
/// <para>The caller owns the returned handle and disposes it when .NET no longer needs the object; Python keeps its
/// own references. The <c>ExportScoped</c> methods make the same export for use within one method (to hand it to
/// Python for a call, for example with <see cref="PyRun.Call(PyObjectHandle, ScopedPyObjectHandle)"/>): their
/// <see cref="ScopedPyObjectHandle"/> is a ref struct with no handle object and no finalizer, which brings an export
/// and its release to about 1.3x the cost of CPython's own <c>PyMemoryView_FromMemory</c> (which keeps nothing alive),
/// from about 2x; the memory's lifetime rules are the same. Every method needs the GIL and the main interpreter.</para>
/// </remarks>
public static unsafe class PythonBuffer
{
    /// <summary>A valid address for an export of zero bytes, whose memory may have none (an empty Memory pins to NULL).</summary>
    private static readonly byte* EmptyAddress = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(1);

    /// <summary>Exports the whole block, read-only, as unsigned bytes (format <c>B</c>).</summary>
    /// <param name="block">A live block of any domain.</param>
    /// <returns>A handle to the new <c>pymemory.Buffer</c> object; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="NotSupportedException">The current thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static PyObjectHandle Export(NativeBlock block)
        => Owned(ExportBlock(block, readOnly: true));

    /// <summary>Exports the whole block as unsigned bytes that Python may also write.</summary>
    /// <param name="block">A live block of any domain.</param>
    /// <returns>A handle to the new <c>pymemory.Buffer</c> object; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="NotSupportedException">The current thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static PyObjectHandle ExportWritable(NativeBlock block)
        => Owned(ExportBlock(block, readOnly: false));

    /// <summary>Exports <paramref name="length"/> bytes of the block from <paramref name="offset"/>, read-only.</summary>
    /// <param name="block">A live block of any domain.</param>
    /// <param name="offset">The first exported byte.</param>
    /// <param name="length">The number of bytes (more than 2 GiB is fine).</param>
    /// <returns>A handle to the new <c>pymemory.Buffer</c> object; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the block.</exception>
    /// <exception cref="NotSupportedException">The current thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static PyObjectHandle Export(NativeBlock block, long offset, long length)
        => Owned(ExportWindow(block, offset, length, readOnly: true));

    /// <summary>Exports <paramref name="length"/> bytes of the block from <paramref name="offset"/>, writable by Python.</summary>
    /// <param name="block">A live block of any domain.</param>
    /// <param name="offset">The first exported byte.</param>
    /// <param name="length">The number of bytes (more than 2 GiB is fine).</param>
    /// <returns>A handle to the new <c>pymemory.Buffer</c> object; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the block.</exception>
    /// <exception cref="NotSupportedException">The current thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static PyObjectHandle ExportWritable(NativeBlock block, long offset, long length)
        => Owned(ExportWindow(block, offset, length, readOnly: false));

    /// <summary>Exports the whole block, read-only, as C-contiguous elements of <typeparamref name="T"/> in <paramref name="shape"/> (for example <see cref="float"/> with <c>[rows, cols]</c>).</summary>
    /// <typeparam name="T">The element type: byte, sbyte, short, ushort, int, uint, long, ulong, nint, nuint, Half,
    /// float, double or bool (struct-module formats <c>B b h H i I q Q n N e f d ?</c>).</typeparam>
    /// <param name="block">A live block of any domain.</param>
    /// <param name="shape">The length of each dimension (1 to 64 dimensions), C order; their product times the size
    /// of <typeparamref name="T"/> must equal the memory's length.</param>
    /// <returns>A handle to the new <c>pymemory.Buffer</c> object; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentException">The shape is empty, longer than 64, has a negative length, or does not cover
    /// exactly the memory's length.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no struct-module format, or the current
    /// thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static PyObjectHandle Export<T>(NativeBlock block, ReadOnlySpan<long> shape)
        where T : unmanaged
        => Owned(ExportBlock<T>(block, shape, readOnly: true));

    /// <summary>Exports the whole block as C-contiguous elements of <typeparamref name="T"/> in <paramref name="shape"/>, writable by Python.</summary>
    /// <typeparam name="T">The element type: byte, sbyte, short, ushort, int, uint, long, ulong, nint, nuint, Half,
    /// float, double or bool (struct-module formats <c>B b h H i I q Q n N e f d ?</c>).</typeparam>
    /// <param name="block">A live block of any domain.</param>
    /// <param name="shape">The length of each dimension (1 to 64 dimensions), C order; their product times the size
    /// of <typeparamref name="T"/> must equal the memory's length.</param>
    /// <returns>A handle to the new <c>pymemory.Buffer</c> object; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentException">The shape is empty, longer than 64, has a negative length, or does not cover
    /// exactly the memory's length.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no struct-module format, or the current
    /// thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static PyObjectHandle ExportWritable<T>(NativeBlock block, ReadOnlySpan<long> shape)
        where T : unmanaged
        => Owned(ExportBlock<T>(block, shape, readOnly: false));

    /// <summary>Exports read-only memory as unsigned bytes, pinning it (<see cref="ReadOnlyMemory{T}.Pin"/>) until Python releases the object. Safe for any owner that keeps pinned memory valid: PyMemory's blocks (<see cref="NativeBlock.AsMemory()"/>) and pools, managed arrays, <see cref="MemoryPool{T}.Shared"/>. A <see cref="Memory{T}"/> converts to it.</summary>
    /// <param name="memory">The memory; it stays pinned until Python releases the object.</param>
    /// <returns>A handle to the new <c>pymemory.Buffer</c> object; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The memory's owner pinned it to no address.</exception>
    /// <exception cref="ObjectDisposedException">Pinning failed: the owner was disposed (for a block's
    /// <see cref="NativeBlock.AsMemory()"/>: the block was disposed; for a pooled rental: it was returned).</exception>
    /// <exception cref="InvalidOperationException">Pinning failed: for a block's memory, the block was resized since
    /// the memory was taken.</exception>
    /// <exception cref="NotSupportedException">The current thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static PyObjectHandle Export(ReadOnlyMemory<byte> memory)
        => Owned(ExportPinned(memory.Pin(), memory.Length, readOnly: true, [memory.Length], 1, ElementFormat.Bytes));

    /// <summary>Exports memory as unsigned bytes that Python may also write, pinning it (<see cref="Memory{T}.Pin"/>) until Python releases the object; see <see cref="Export(ReadOnlyMemory{byte})"/>. (Read-only memory has no writable export.)</summary>
    /// <param name="memory">The memory; it stays pinned until Python releases the object.</param>
    /// <returns>A handle to the new <c>pymemory.Buffer</c> object; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The memory's owner pinned it to no address.</exception>
    /// <exception cref="ObjectDisposedException">Pinning failed: the owner was disposed (for a block's
    /// <see cref="NativeBlock.AsMemory()"/>: the block was disposed; for a pooled rental: it was returned).</exception>
    /// <exception cref="InvalidOperationException">Pinning failed: for a block's memory, the block was resized since
    /// the memory was taken.</exception>
    /// <exception cref="NotSupportedException">The current thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static PyObjectHandle ExportWritable(Memory<byte> memory)
        => Owned(ExportPinned(memory.Pin(), memory.Length, readOnly: false, [memory.Length], 1, ElementFormat.Bytes));

    /// <summary>Exports read-only memory as C-contiguous elements of <typeparamref name="T"/> in <paramref name="shape"/>, pinning it until Python releases the object; see <see cref="Export(ReadOnlyMemory{byte})"/>.</summary>
    /// <typeparam name="T">The element type: byte, sbyte, short, ushort, int, uint, long, ulong, nint, nuint, Half,
    /// float, double or bool (struct-module formats <c>B b h H i I q Q n N e f d ?</c>).</typeparam>
    /// <param name="memory">The memory; it stays pinned until Python releases the object.</param>
    /// <param name="shape">The length of each dimension (1 to 64 dimensions), C order; their product times the size
    /// of <typeparamref name="T"/> must equal the memory's length.</param>
    /// <returns>A handle to the new <c>pymemory.Buffer</c> object; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The shape is empty, longer than 64, has a negative length, or does not cover
    /// exactly the memory's length; or the memory's owner pinned it to no address.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no struct-module format, or the current
    /// thread runs a subinterpreter.</exception>
    /// <exception cref="ObjectDisposedException">Pinning failed: the owner was disposed.</exception>
    /// <exception cref="InvalidOperationException">Pinning failed: for a block's memory, the block was resized since
    /// the memory was taken.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static PyObjectHandle Export<T>(ReadOnlyMemory<byte> memory, ReadOnlySpan<long> shape)
        where T : unmanaged
        => Owned(ExportMemory<T>(memory, shape, readOnly: true));

    /// <summary>Exports memory as C-contiguous elements of <typeparamref name="T"/> in <paramref name="shape"/>, writable by Python, pinning it until Python releases the object.</summary>
    /// <typeparam name="T">The element type: byte, sbyte, short, ushort, int, uint, long, ulong, nint, nuint, Half,
    /// float, double or bool (struct-module formats <c>B b h H i I q Q n N e f d ?</c>).</typeparam>
    /// <param name="memory">The memory; it stays pinned until Python releases the object.</param>
    /// <param name="shape">The length of each dimension (1 to 64 dimensions), C order; their product times the size
    /// of <typeparamref name="T"/> must equal the memory's length.</param>
    /// <returns>A handle to the new <c>pymemory.Buffer</c> object; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The shape is empty, longer than 64, has a negative length, or does not cover
    /// exactly the memory's length; or the memory's owner pinned it to no address.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no struct-module format, or the current
    /// thread runs a subinterpreter.</exception>
    /// <exception cref="ObjectDisposedException">Pinning failed: the owner was disposed.</exception>
    /// <exception cref="InvalidOperationException">Pinning failed: for a block's memory, the block was resized since
    /// the memory was taken.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static PyObjectHandle ExportWritable<T>(Memory<byte> memory, ReadOnlySpan<long> shape)
        where T : unmanaged
        => Owned(ExportMemory<T>(memory, shape, readOnly: false));

    /// <summary>Exports the whole block, read-only, as unsigned bytes (format <c>B</c>). Scoped: the same export, owned by a <see cref="ScopedPyObjectHandle"/> for use within one method (no handle object).</summary>
    /// <param name="block">A live block of any domain.</param>
    /// <returns>A scoped handle to the new <c>pymemory.Buffer</c> object; the caller disposes it (<c>using</c>) before the method returns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="NotSupportedException">The current thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static ScopedPyObjectHandle ExportScoped(NativeBlock block)
        => Scoped(ExportBlock(block, readOnly: true));

    /// <summary>Exports the whole block as unsigned bytes that Python may also write. Scoped: the same export, owned by a <see cref="ScopedPyObjectHandle"/> for use within one method (no handle object).</summary>
    /// <param name="block">A live block of any domain.</param>
    /// <returns>A scoped handle to the new <c>pymemory.Buffer</c> object; the caller disposes it (<c>using</c>) before the method returns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="NotSupportedException">The current thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static ScopedPyObjectHandle ExportScopedWritable(NativeBlock block)
        => Scoped(ExportBlock(block, readOnly: false));

    /// <summary>Exports <paramref name="length"/> bytes of the block from <paramref name="offset"/>, read-only. Scoped: the same export, owned by a <see cref="ScopedPyObjectHandle"/> for use within one method (no handle object).</summary>
    /// <param name="block">A live block of any domain.</param>
    /// <param name="offset">The first exported byte.</param>
    /// <param name="length">The number of bytes (more than 2 GiB is fine).</param>
    /// <returns>A scoped handle to the new <c>pymemory.Buffer</c> object; the caller disposes it (<c>using</c>) before the method returns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the block.</exception>
    /// <exception cref="NotSupportedException">The current thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static ScopedPyObjectHandle ExportScoped(NativeBlock block, long offset, long length)
        => Scoped(ExportWindow(block, offset, length, readOnly: true));

    /// <summary>Exports <paramref name="length"/> bytes of the block from <paramref name="offset"/>, writable by Python. Scoped: the same export, owned by a <see cref="ScopedPyObjectHandle"/> for use within one method (no handle object).</summary>
    /// <param name="block">A live block of any domain.</param>
    /// <param name="offset">The first exported byte.</param>
    /// <param name="length">The number of bytes (more than 2 GiB is fine).</param>
    /// <returns>A scoped handle to the new <c>pymemory.Buffer</c> object; the caller disposes it (<c>using</c>) before the method returns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the block.</exception>
    /// <exception cref="NotSupportedException">The current thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static ScopedPyObjectHandle ExportScopedWritable(NativeBlock block, long offset, long length)
        => Scoped(ExportWindow(block, offset, length, readOnly: false));

    /// <summary>Exports the whole block, read-only, as C-contiguous elements of <typeparamref name="T"/> in <paramref name="shape"/> (for example <see cref="float"/> with <c>[rows, cols]</c>). Scoped: the same export, owned by a <see cref="ScopedPyObjectHandle"/> for use within one method (no handle object).</summary>
    /// <typeparam name="T">The element type: byte, sbyte, short, ushort, int, uint, long, ulong, nint, nuint, Half,
    /// float, double or bool (struct-module formats <c>B b h H i I q Q n N e f d ?</c>).</typeparam>
    /// <param name="block">A live block of any domain.</param>
    /// <param name="shape">The length of each dimension (1 to 64 dimensions), C order; their product times the size
    /// of <typeparamref name="T"/> must equal the memory's length.</param>
    /// <returns>A scoped handle to the new <c>pymemory.Buffer</c> object; the caller disposes it (<c>using</c>) before the method returns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentException">The shape is empty, longer than 64, has a negative length, or does not cover
    /// exactly the memory's length.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no struct-module format, or the current
    /// thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static ScopedPyObjectHandle ExportScoped<T>(NativeBlock block, ReadOnlySpan<long> shape)
        where T : unmanaged
        => Scoped(ExportBlock<T>(block, shape, readOnly: true));

    /// <summary>Exports the whole block as C-contiguous elements of <typeparamref name="T"/> in <paramref name="shape"/>, writable by Python. Scoped: the same export, owned by a <see cref="ScopedPyObjectHandle"/> for use within one method (no handle object).</summary>
    /// <typeparam name="T">The element type: byte, sbyte, short, ushort, int, uint, long, ulong, nint, nuint, Half,
    /// float, double or bool (struct-module formats <c>B b h H i I q Q n N e f d ?</c>).</typeparam>
    /// <param name="block">A live block of any domain.</param>
    /// <param name="shape">The length of each dimension (1 to 64 dimensions), C order; their product times the size
    /// of <typeparamref name="T"/> must equal the memory's length.</param>
    /// <returns>A scoped handle to the new <c>pymemory.Buffer</c> object; the caller disposes it (<c>using</c>) before the method returns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The block was disposed.</exception>
    /// <exception cref="ArgumentException">The shape is empty, longer than 64, has a negative length, or does not cover
    /// exactly the memory's length.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no struct-module format, or the current
    /// thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static ScopedPyObjectHandle ExportScopedWritable<T>(NativeBlock block, ReadOnlySpan<long> shape)
        where T : unmanaged
        => Scoped(ExportBlock<T>(block, shape, readOnly: false));

    /// <summary>Exports read-only memory as unsigned bytes, pinning it (<see cref="ReadOnlyMemory{T}.Pin"/>) until Python releases the object. Safe for any owner that keeps pinned memory valid: PyMemory's blocks (<see cref="NativeBlock.AsMemory()"/>) and pools, managed arrays, <see cref="MemoryPool{T}.Shared"/>. A <see cref="Memory{T}"/> converts to it. Scoped: the same export, owned by a <see cref="ScopedPyObjectHandle"/> for use within one method (no handle object).</summary>
    /// <param name="memory">The memory; it stays pinned until Python releases the object.</param>
    /// <returns>A scoped handle to the new <c>pymemory.Buffer</c> object; the caller disposes it (<c>using</c>) before the method returns.</returns>
    /// <exception cref="ArgumentException">The memory's owner pinned it to no address.</exception>
    /// <exception cref="ObjectDisposedException">Pinning failed: the owner was disposed (for a block's
    /// <see cref="NativeBlock.AsMemory()"/>: the block was disposed; for a pooled rental: it was returned).</exception>
    /// <exception cref="InvalidOperationException">Pinning failed: for a block's memory, the block was resized since
    /// the memory was taken.</exception>
    /// <exception cref="NotSupportedException">The current thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static ScopedPyObjectHandle ExportScoped(ReadOnlyMemory<byte> memory)
        => Scoped(ExportPinned(memory.Pin(), memory.Length, readOnly: true, [memory.Length], 1, ElementFormat.Bytes));

    /// <summary>Exports memory as unsigned bytes that Python may also write, pinning it (<see cref="Memory{T}.Pin"/>) until Python releases the object; see <see cref="Export(ReadOnlyMemory{byte})"/>. (Read-only memory has no writable export.) Scoped: the same export, owned by a <see cref="ScopedPyObjectHandle"/> for use within one method (no handle object).</summary>
    /// <param name="memory">The memory; it stays pinned until Python releases the object.</param>
    /// <returns>A scoped handle to the new <c>pymemory.Buffer</c> object; the caller disposes it (<c>using</c>) before the method returns.</returns>
    /// <exception cref="ArgumentException">The memory's owner pinned it to no address.</exception>
    /// <exception cref="ObjectDisposedException">Pinning failed: the owner was disposed (for a block's
    /// <see cref="NativeBlock.AsMemory()"/>: the block was disposed; for a pooled rental: it was returned).</exception>
    /// <exception cref="InvalidOperationException">Pinning failed: for a block's memory, the block was resized since
    /// the memory was taken.</exception>
    /// <exception cref="NotSupportedException">The current thread runs a subinterpreter.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static ScopedPyObjectHandle ExportScopedWritable(Memory<byte> memory)
        => Scoped(ExportPinned(memory.Pin(), memory.Length, readOnly: false, [memory.Length], 1, ElementFormat.Bytes));

    /// <summary>Exports read-only memory as C-contiguous elements of <typeparamref name="T"/> in <paramref name="shape"/>, pinning it until Python releases the object; see <see cref="Export(ReadOnlyMemory{byte})"/>. Scoped: the same export, owned by a <see cref="ScopedPyObjectHandle"/> for use within one method (no handle object).</summary>
    /// <typeparam name="T">The element type: byte, sbyte, short, ushort, int, uint, long, ulong, nint, nuint, Half,
    /// float, double or bool (struct-module formats <c>B b h H i I q Q n N e f d ?</c>).</typeparam>
    /// <param name="memory">The memory; it stays pinned until Python releases the object.</param>
    /// <param name="shape">The length of each dimension (1 to 64 dimensions), C order; their product times the size
    /// of <typeparamref name="T"/> must equal the memory's length.</param>
    /// <returns>A scoped handle to the new <c>pymemory.Buffer</c> object; the caller disposes it (<c>using</c>) before the method returns.</returns>
    /// <exception cref="ArgumentException">The shape is empty, longer than 64, has a negative length, or does not cover
    /// exactly the memory's length; or the memory's owner pinned it to no address.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no struct-module format, or the current
    /// thread runs a subinterpreter.</exception>
    /// <exception cref="ObjectDisposedException">Pinning failed: the owner was disposed.</exception>
    /// <exception cref="InvalidOperationException">Pinning failed: for a block's memory, the block was resized since
    /// the memory was taken.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static ScopedPyObjectHandle ExportScoped<T>(ReadOnlyMemory<byte> memory, ReadOnlySpan<long> shape)
        where T : unmanaged
        => Scoped(ExportMemory<T>(memory, shape, readOnly: true));

    /// <summary>Exports memory as C-contiguous elements of <typeparamref name="T"/> in <paramref name="shape"/>, writable by Python, pinning it until Python releases the object. Scoped: the same export, owned by a <see cref="ScopedPyObjectHandle"/> for use within one method (no handle object).</summary>
    /// <typeparam name="T">The element type: byte, sbyte, short, ushort, int, uint, long, ulong, nint, nuint, Half,
    /// float, double or bool (struct-module formats <c>B b h H i I q Q n N e f d ?</c>).</typeparam>
    /// <param name="memory">The memory; it stays pinned until Python releases the object.</param>
    /// <param name="shape">The length of each dimension (1 to 64 dimensions), C order; their product times the size
    /// of <typeparamref name="T"/> must equal the memory's length.</param>
    /// <returns>A scoped handle to the new <c>pymemory.Buffer</c> object; the caller disposes it (<c>using</c>) before the method returns.</returns>
    /// <exception cref="ArgumentException">The shape is empty, longer than 64, has a negative length, or does not cover
    /// exactly the memory's length; or the memory's owner pinned it to no address.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no struct-module format, or the current
    /// thread runs a subinterpreter.</exception>
    /// <exception cref="ObjectDisposedException">Pinning failed: the owner was disposed.</exception>
    /// <exception cref="InvalidOperationException">Pinning failed: for a block's memory, the block was resized since
    /// the memory was taken.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static ScopedPyObjectHandle ExportScopedWritable<T>(Memory<byte> memory, ReadOnlySpan<long> shape)
        where T : unmanaged
        => Scoped(ExportMemory<T>(memory, shape, readOnly: false));

    /// <summary>How many buffer views (memoryviews, numpy arrays, <c>Py_buffer</c>s held by C code) of an exported
    /// object are alive: the exporter's own count of <c>bf_getbuffer</c> calls not yet released.</summary>
    /// <param name="exported">An object returned by <c>Export</c>.</param>
    /// <returns>The number of live views.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exported"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="exported"/> is not a <c>pymemory.Buffer</c>.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static long ViewCount(PyObjectHandle exported)
    {
        ArgumentNullException.ThrowIfNull(exported);
        using HandleUse o = exported.Use("bf_getbuffer");
        return ViewsOf(o.Pointer, nameof(exported));
    }

    /// <summary>How many buffer views of an object exported with <c>ExportScoped</c> are alive; see <see cref="ViewCount(PyObjectHandle)"/>.</summary>
    /// <param name="exported">An object returned by <c>ExportScoped</c> (or any <c>pymemory.Buffer</c>).</param>
    /// <returns>The number of live views.</returns>
    /// <exception cref="ArgumentException"><paramref name="exported"/> is not a <c>pymemory.Buffer</c>.</exception>
    /// <exception cref="ObjectDisposedException">The handle (or a copy of it) was disposed.</exception>
    /// <exception cref="InvalidOperationException">The handle is <c>default</c> (never given an object).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static long ViewCount(ScopedPyObjectHandle exported)
    {
        nint o = exported.DangerousGetPointer();
        _ = Gil.Require("bf_getbuffer");
        return ViewsOf(o, nameof(exported));
    }

    private static long ViewsOf(nint o, string parameterName)
    {
        if (!ExporterType.IsInstance(o))
        {
            throw new ArgumentException($"Expected a 'pymemory.Buffer' object made by PythonBuffer.Export, got '{PyObjects.TypeName(Interop.Layouts.PyObjectLayout.Py_TYPE(o))}'.", parameterName);
        }

        return ExporterType.ViewsOf(o);
    }

    private static nint ExportBlock(NativeBlock block, bool readOnly)
    {
        ArgumentNullException.ThrowIfNull(block);
        long length = block.Length;
        return ExportBlock(block, 0, length, readOnly, [length], 1, ElementFormat.Bytes);
    }

    private static nint ExportWindow(NativeBlock block, long offset, long length, bool readOnly)
    {
        ArgumentNullException.ThrowIfNull(block);
        return ExportBlock(block, offset, length, readOnly, [length], 1, ElementFormat.Bytes);
    }

    private static nint ExportBlock<T>(NativeBlock block, ReadOnlySpan<long> shape, bool readOnly)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(block);
        byte* format = ElementFormat.For<T>();
        long length = block.Length;
        CheckShape(shape, sizeof(T), length);
        return ExportBlock(block, 0, length, readOnly, shape, sizeof(T), format);
    }

    private static nint ExportMemory<T>(ReadOnlyMemory<byte> memory, ReadOnlySpan<long> shape, bool readOnly)
        where T : unmanaged
    {
        byte* format = ElementFormat.For<T>();
        CheckShape(shape, sizeof(T), memory.Length); // before the pin, so that a refusal leaves nothing pinned
        return ExportPinned(memory.Pin(), memory.Length, readOnly, shape, sizeof(T), format);
    }

    private static nint ExportBlock(NativeBlock block, long offset, long length, bool readOnly, ReadOnlySpan<long> shape, int itemSize, byte* format)
    {
        PythonApi api = Gil.Require("PyType_GenericAlloc");
        nint type = ExporterType.Get(api);
        BlockSize.CheckRange(block.Length, offset, length);

        // The pin is what Memory<byte>.Pin takes: a handle reference (Dispose defers the free) and the pin count
        // (Resize refuses). The exporter object gives both back when CPython deallocates it.
        bool added = false;
        block.DangerousAddRef(ref added); // throws ObjectDisposedException if the block closed meanwhile
        block.AddPin();
        return ExporterType.Create(api, type, block, (byte*)block.Pointer + offset, length, readOnly, shape, itemSize, format);
    }

    private static nint ExportPinned(MemoryHandle pin, int length, bool readOnly, ReadOnlySpan<long> shape, int itemSize, byte* format)
    {
        var keeper = new PinnedMemory(pin);
        PythonApi api;
        nint type;
        try
        {
            if (pin.Pointer == null && length > 0)
            {
                throw new ArgumentException("The memory's owner pinned it to no address; it cannot be exported.", nameof(pin));
            }

            api = Gil.Require("PyType_GenericAlloc");
            type = ExporterType.Get(api);
        }
        catch
        {
            keeper.Release();
            throw;
        }

        byte* address = pin.Pointer != null ? (byte*)pin.Pointer : EmptyAddress;
        return ExporterType.Create(api, type, keeper, address, length, readOnly, shape, itemSize, format);
    }

    /// <summary>Gives a new exporter object to a <see cref="PyObjectHandle"/>.</summary>
    private static PyObjectHandle Owned(nint exporter)
    {
        try
        {
            return PyObjectHandle.FromNewReference(exporter);
        }
        catch
        {
            PythonRuntime.Api.Py_DecRef(exporter); // the deallocator releases the keeper
            throw;
        }
    }

    /// <summary>Gives a new exporter object to a <see cref="ScopedPyObjectHandle"/>.</summary>
    private static ScopedPyObjectHandle Scoped(nint exporter)
    {
        try
        {
            return ScopedPyObjectHandle.FromNewReference(exporter);
        }
        catch
        {
            PythonRuntime.Api.Py_DecRef(exporter); // a new thread's first slots could not be allocated
            throw;
        }
    }

    /// <summary>Checks a typed export's shape against its length, as <c>PyBuffer</c> consumers assume:
    /// product(shape) × itemsize = len.</summary>
    private static void CheckShape(ReadOnlySpan<long> shape, int itemSize, long length)
    {
        if (shape.Length is 0 or > MaxDimensions)
        {
            throw new ArgumentException($"A shape has 1 to {MaxDimensions} dimensions (PyBUF_MAX_NDIM); this one has {shape.Length}.", nameof(shape));
        }

        long product = itemSize;
        foreach (long dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"The shape [{string.Join(", ", shape.ToArray())}] has a negative length.", nameof(shape));
            }

            if (dimension != 0 && product > long.MaxValue / dimension)
            {
                throw new ArgumentException($"The shape [{string.Join(", ", shape.ToArray())}] holds more bytes than any memory.", nameof(shape));
            }

            product *= dimension;
        }

        if (product != length)
        {
            throw new ArgumentException(
                $"The shape [{string.Join(", ", shape.ToArray())}] of {itemSize}-byte elements covers {product} bytes; the memory has {length}.", nameof(shape));
        }
    }

    /// <summary><c>PyBUF_MAX_NDIM</c>.</summary>
    private const int MaxDimensions = 64;
}
