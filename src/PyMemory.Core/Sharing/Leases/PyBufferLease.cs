using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// A lease on the memory of any Python object that exports a buffer (bytes, bytearray, memoryview, array.array, mmap,
/// numpy arrays...): <c>PyObject_GetBuffer</c> when entered, <c>PyBuffer_Release</c> when disposed, and Span views of
/// the memory in between, without a copy.
/// </summary>
/// <remarks>
/// <para>Use it with <c>using</c>: <c>using PyBufferLease lease = PyBufferLease.Enter(data);</c>. The lease is a
/// <c>ref struct</c> and its Spans are tied to the lease variable itself, so the compiler refuses a Span that would
/// outlive it: returned from the method, stored in a field, captured by a lambda or kept across an <c>await</c>. While
/// the lease lives, Python keeps the memory where it is (a bytearray cannot be resized, an mmap cannot be closed:
/// Python code that tries gets <c>BufferError</c>).</para>
/// <para>Spans are read-only unless the lease was entered with <see cref="EnterWritable"/>, which the exporter must
/// allow. Span views need C-contiguous memory of one element type; a strided buffer (<c>memoryview(b)[::2]</c>, a
/// transposed numpy array) is read element by element through its strides with <see cref="ReadItem{T}"/> and
/// <see cref="CopyTo"/>. Typed views check the <c>T</c> of <see cref="AsReadOnlySpan{T}"/> against the
/// buffer's <c>struct</c> format (<c>'d'</c> is <see cref="double"/>, <c>'&lt;i'</c> is <see cref="int"/>).</para>
/// <para>Entering and disposing need the GIL; reading the Spans does not (the export keeps the memory valid).
/// Disposing releases the export exactly once, also when a copy of the lease (<c>var b = a;</c>) is disposed too:
/// after either is disposed, every member of both throws <see cref="ObjectDisposedException"/>, and a second
/// <see cref="Dispose"/> does nothing. A lease that is never disposed keeps the export for ever, as a memoryview that
/// is never released would. A Span taken before an explicit <see cref="Dispose"/> must not be used after it: with a
/// <c>using</c> declaration the compiler makes that impossible.</para>
/// </remarks>
public readonly unsafe ref struct PyBufferLease : IDisposable
{
    private readonly LeaseSlot* _slot;
    private readonly ulong _generation;

    private PyBufferLease(LeaseSlot* slot)
    {
        _slot = slot;
        _generation = slot->Generation;
    }

    /// <summary>True when the lease was entered with <see cref="EnterWritable"/>: <see cref="AsSpan()"/> and
    /// <see cref="AsSpan{T}"/> are allowed.</summary>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c> (never entered).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public bool IsWritable => Live()->Writable;

    /// <summary>True when the exporter marks its memory read-only (<c>Py_buffer.readonly</c>); a bytearray is not,
    /// even in a read-only lease.</summary>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c> (never entered).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public bool IsReadOnly => Live()->View.@readonly != 0;

    /// <summary>The size in bytes of the data (<c>product(Shape) * ItemSize</c>); for a C-contiguous buffer, the length
    /// of <see cref="AsReadOnlySpan()"/>.</summary>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c> (never entered).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public long Length => Live()->View.len;

    /// <summary>The size in bytes of one element.</summary>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c> (never entered).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public int ItemSize => (int)Live()->View.itemsize;

    /// <summary>The number of dimensions (1 for bytes; 0 for a scalar).</summary>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c> (never entered).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public int Dimensions => Live()->Dimensions;

    /// <summary>The <c>struct</c>-module format of one element, as the exporter gave it (<c>"B"</c> for bytes,
    /// <c>"d"</c> for a float64 numpy array, <c>"&lt;i"</c>...).</summary>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c> (never entered).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public string Format => FormatOf(Live());

    /// <summary>The length of each dimension (<see cref="Dimensions"/> values), valid while the lease is.</summary>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c> (never entered).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    [UnscopedRef]
    public ReadOnlySpan<nint> Shape
    {
        get
        {
            LeaseSlot* slot = Live();
            return new ReadOnlySpan<nint>(slot->Shape, slot->Dimensions);
        }
    }

    /// <summary>The step in bytes between neighbours of each dimension (<see cref="Dimensions"/> values, possibly
    /// negative), valid while the lease is.</summary>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c> (never entered).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    [UnscopedRef]
    public ReadOnlySpan<nint> Strides
    {
        get
        {
            LeaseSlot* slot = Live();
            return new ReadOnlySpan<nint>(slot->Strides, slot->Dimensions);
        }
    }

    /// <summary>True when the memory is C-contiguous (row-major, no gaps): the Span views are allowed.</summary>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c> (never entered).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public bool IsContiguous => Live()->CContiguous;

    /// <summary>Leases the buffer of <paramref name="exporter"/> for reading.</summary>
    /// <param name="exporter">Any object that implements the buffer protocol.</param>
    /// <returns>The lease; dispose it (with <c>using</c>) to release the buffer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exporter"/> is null.</exception>
    /// <exception cref="ArgumentException">The object does not export a buffer (Python's TypeError, the inner
    /// exception).</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="InvalidOperationException">The handle is empty (never given an object).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="NotSupportedException">The exporter gave PIL-style indirect memory (suboffsets).</exception>
    /// <exception cref="PythonException">The exporter refused the request (BufferError).</exception>
    public static PyBufferLease Enter(PyObjectHandle exporter) => EnterCore(exporter, writable: false);

    /// <summary>Leases the buffer of <paramref name="exporter"/> for reading and writing: the writable Spans
    /// (<see cref="AsSpan()"/>, <see cref="AsSpan{T}"/>) write Python's memory in place.</summary>
    /// <param name="exporter">An object that exports writable memory (bytearray, a writable memoryview, array.array,
    /// a writable mmap, a numpy array...).</param>
    /// <returns>The lease; dispose it (with <c>using</c>) to release the buffer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exporter"/> is null.</exception>
    /// <exception cref="ArgumentException">The object does not export a buffer (Python's TypeError, the inner
    /// exception).</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="InvalidOperationException">The handle is empty (never given an object).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="NotSupportedException">The exporter gave PIL-style indirect memory (suboffsets), or answered the
    /// writable request with a read-only view.</exception>
    /// <exception cref="PythonException">The exporter refused a writable buffer with its own error (bytes: BufferError
    /// "Object is not writable."; a read-only numpy array: ValueError), or refused the request otherwise.</exception>
    public static PyBufferLease EnterWritable(PyObjectHandle exporter) => EnterCore(exporter, writable: true);

    /// <summary>The whole buffer as read-only bytes.</summary>
    /// <returns>A span valid until the lease is disposed.</returns>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c>; or the memory is not C-contiguous
    /// (read it with <see cref="CopyTo"/> or <see cref="ReadItem{T}"/>); or it is larger than a span can be.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsReadOnlySpan()
    {
        LeaseSlot* slot = Contiguous();
        return new ReadOnlySpan<byte>(slot->View.buf, SpanLength(slot));
    }

    /// <summary>The whole buffer as writable bytes; writes are seen by Python at once.</summary>
    /// <returns>A span valid until the lease is disposed.</returns>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c>; or it was entered read-only (use
    /// <see cref="EnterWritable"/>); or the memory is not C-contiguous; or it is larger than a span can be.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    [UnscopedRef]
    public Span<byte> AsSpan()
    {
        LeaseSlot* slot = Writable();
        return new Span<byte>(slot->View.buf, SpanLength(slot));
    }

    /// <summary>The whole buffer as read-only elements of <typeparamref name="T"/>, which the buffer's format must
    /// name (see <see cref="Format"/>).</summary>
    /// <typeparam name="T">The element type: <see cref="byte"/> (<c>B</c>, <c>c</c>), <see cref="sbyte"/>
    /// (<c>b</c>), <see cref="bool"/> (<c>?</c>), <see cref="short"/>, <see cref="ushort"/>, <see cref="int"/>,
    /// <see cref="uint"/>, <see cref="long"/>, <see cref="ulong"/>, <see cref="nint"/>, <see cref="nuint"/>,
    /// <see cref="Half"/> (<c>e</c>), <see cref="float"/> (<c>f</c>), <see cref="double"/> (<c>d</c>),
    /// <see cref="System.Numerics.Complex"/> (<c>Zd</c>).</typeparam>
    /// <returns>A span of <c>Length / ItemSize</c> elements in C order, valid until the lease is disposed.</returns>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c>; or the memory is not C-contiguous; or
    /// it holds more elements than a span can; or its address is not aligned for <typeparamref name="T"/>.</exception>
    /// <exception cref="InvalidCastException">The format does not name <typeparamref name="T"/> (another type, another
    /// byte order, or a composite format).</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    [UnscopedRef]
    public ReadOnlySpan<T> AsReadOnlySpan<T>()
        where T : unmanaged
    {
        LeaseSlot* slot = Contiguous();
        return new ReadOnlySpan<T>(slot->View.buf, TypedLength<T>(slot));
    }

    /// <summary>The whole buffer as writable elements of <typeparamref name="T"/>, which the buffer's format must name;
    /// writes are seen by Python at once.</summary>
    /// <typeparam name="T">The element type, as for <see cref="AsReadOnlySpan{T}"/>.</typeparam>
    /// <returns>A span of <c>Length / ItemSize</c> elements in C order, valid until the lease is disposed.</returns>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c>; or it was entered read-only; or the
    /// memory is not C-contiguous; or it holds more elements than a span can; or its address is not aligned for
    /// <typeparamref name="T"/>.</exception>
    /// <exception cref="InvalidCastException">The format does not name <typeparamref name="T"/>.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    [UnscopedRef]
    public Span<T> AsSpan<T>()
        where T : unmanaged
    {
        LeaseSlot* slot = Writable();
        return new Span<T>(slot->View.buf, TypedLength<T>(slot));
    }

    /// <summary>Reads one element at <paramref name="indices"/> (one index per dimension), walking the strides: works
    /// for every layout, contiguous or not, and for unaligned memory.</summary>
    /// <typeparam name="T">The element type, as for <see cref="AsReadOnlySpan{T}"/>.</typeparam>
    /// <param name="indices">The element's index in each dimension, from 0; none for a scalar.</param>
    /// <returns>The element.</returns>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c> (never entered).</exception>
    /// <exception cref="InvalidCastException">The format does not name <typeparamref name="T"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="indices"/> does not hold one index per dimension.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside its dimension.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public T ReadItem<T>(params ReadOnlySpan<nint> indices)
        where T : unmanaged
    {
        LeaseSlot* slot = Live();
        CheckElement<T>(slot);
        return Unsafe.ReadUnaligned<T>(ItemAddress(slot, indices));
    }

    /// <summary>Writes one element at <paramref name="indices"/>, walking the strides, for any layout; the lease must be
    /// writable.</summary>
    /// <typeparam name="T">The element type, as for <see cref="AsReadOnlySpan{T}"/>.</typeparam>
    /// <param name="value">The value to store.</param>
    /// <param name="indices">The element's index in each dimension, from 0; none for a scalar.</param>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c>, or was entered read-only.</exception>
    /// <exception cref="InvalidCastException">The format does not name <typeparamref name="T"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="indices"/> does not hold one index per dimension.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside its dimension.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public void WriteItem<T>(T value, params ReadOnlySpan<nint> indices)
        where T : unmanaged
    {
        LeaseSlot* slot = Live();
        RequireWritable(slot);
        CheckElement<T>(slot);
        Unsafe.WriteUnaligned(ItemAddress(slot, indices), value);
    }

    /// <summary>Copies the data, in C order (the last index varying fastest), into <paramref name="destination"/>,
    /// walking the strides: for every layout, contiguous or not. <see cref="Length"/> bytes are written.</summary>
    /// <param name="destination">Receives the bytes; at least <see cref="Length"/> long.</param>
    /// <exception cref="ObjectDisposedException">The lease was disposed (or a copy of it was).</exception>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c> (never entered).</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Length"/>.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public void CopyTo(Span<byte> destination)
    {
        LeaseSlot* slot = Live();
        if (destination.Length < slot->View.len)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the buffer has {slot->View.len}.", nameof(destination));
        }

        fixed (byte* target = destination)
        {
            if (slot->CContiguous)
            {
                Buffer.MemoryCopy(slot->View.buf, target, destination.Length, slot->View.len);
            }
            else
            {
                _ = CopyDimension(slot, (byte*)slot->View.buf, target, 0);
            }
        }
    }

    /// <summary>Releases the buffer (<c>PyBuffer_Release</c>); the first Dispose of the lease or of any copy of it does,
    /// any later one does nothing. Once the interpreter is finalized nothing is called (the export ended with it).</summary>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL; the lease stays entered, so a
    /// Dispose that holds the GIL can still release it.</exception>
    public void Dispose()
    {
        LeaseSlot* slot = _slot;
        if (slot == null || slot->Generation != _generation)
        {
            return;
        }

        if (!PythonRuntime.IsRunning)
        {
            slot->Generation++; // the interpreter is gone, and the export with it: nothing to release, nothing touched
            ThreadSlots<LeaseSlot>.Return(slot);
            return;
        }

        PythonApi api = Gil.Require("PyBuffer_Release");

        // Released first, returned to the free list after: the exporter's release code (a Python __release_buffer__
        // from 3.12) may enter a lease of its own, which must not be handed this slot while its view is still live.
        slot->Generation++;
        api.PyBuffer_Release(&slot->View);
        ThreadSlots<LeaseSlot>.Return(slot);
    }

    private static PyBufferLease EnterCore(PyObjectHandle exporter, bool writable)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        using HandleUse o = exporter.Use("PyObject_GetBuffer");
        LeaseSlot* slot = ThreadSlots<LeaseSlot>.Rent();
        int flags = writable ? PyBufferFlags.PyBUF_RECORDS : PyBufferFlags.PyBUF_RECORDS_RO;
        if (o.Api.PyObject_GetBuffer(o.Pointer, &slot->View, flags) != 0)
        {
            slot->Generation++;
            ThreadSlots<LeaseSlot>.Return(slot);
            throw Refused(o.Api, o.Pointer, writable, nameof(exporter));
        }

        // A conforming exporter cannot fill the view like this; one that does is refused before anything reads (or, for
        // a read-only view handed to a writable request, writes) its memory.
        if (slot->View.suboffsets != null || slot->View.ndim is < 0 or > LeaseSlot.MaxDimensions || slot->View.itemsize <= 0
            || (writable && slot->View.@readonly != 0))
        {
            string type = PyObjects.TypeName(Interop.Layouts.PyObjectLayout.Py_TYPE(o.Pointer)) ?? "?";
            string problem = writable && slot->View.@readonly != 0
                ? "marked read-only although a writable buffer was requested"
                : "PIL-style suboffsets, or an invalid ndim or itemsize";
            slot->Generation++;
            o.Api.PyBuffer_Release(&slot->View);
            ThreadSlots<LeaseSlot>.Return(slot);
            throw new NotSupportedException($"The '{type}' object exports a buffer a lease cannot use: {problem}.");
        }

        Describe(slot, writable);
        return new PyBufferLease(slot);
    }

    /// <summary>Learns, once, what the accessors need: shape and strides (computed when the exporter left them out),
    /// contiguity and the element type.</summary>
    private static void Describe(LeaseSlot* slot, bool writable)
    {
        Py_buffer* view = &slot->View;
        int ndim = view->ndim;
        slot->Writable = writable;
        slot->Element = BufferFormat.Parse(view->format, view->itemsize);
        if (view->shape != null || ndim == 0)
        {
            slot->Shape = view->shape;
        }
        else
        {
            // ND was requested, so only a non-conforming exporter leaves shape out: read it as memoryview does, as one
            // dimension of len / itemsize elements (the view itself is left as the exporter filled it).
            ndim = 1;
            slot->OwnShape = view->len / view->itemsize;
            slot->Shape = &slot->OwnShape;
        }

        if (view->strides != null)
        {
            slot->Strides = view->strides;
        }
        else
        {
            nint* strides = (nint*)&slot->OwnStrides;
            nint step = view->itemsize;
            for (int i = ndim - 1; i >= 0; i--)
            {
                strides[i] = step;
                step *= slot->Shape[i];
            }

            slot->Strides = strides;
        }

        slot->Dimensions = ndim;
        slot->CContiguous = IsCContiguous(view->len, view->itemsize, ndim, slot->Shape, slot->Strides);
    }

    /// <summary>CPython's own test (<c>_IsCContiguous</c> in <c>abstract.c</c>): an empty buffer is; otherwise every
    /// dimension longer than one steps by the size of everything after it.</summary>
    private static bool IsCContiguous(nint length, nint itemSize, int ndim, nint* shape, nint* strides)
    {
        if (length == 0)
        {
            return true;
        }

        nint expected = itemSize;
        for (int i = ndim - 1; i >= 0; i--)
        {
            if (shape[i] > 1 && strides[i] != expected)
            {
                return false;
            }

            expected *= shape[i];
        }

        return true;
    }

    /// <summary>The pending error of a failed <c>PyObject_GetBuffer</c> as the exception to throw: TypeError (not a
    /// buffer) is a wrong argument; anything else (BufferError) stays Python's.</summary>
    private static Exception Refused(PythonApi api, nint exporter, bool writable, string parameterName)
    {
        PythonException error = PythonException.TakePending(api, "PyObject_GetBuffer");
        if (error.PythonTypeName == "TypeError")
        {
            string type = PyObjects.TypeName(Interop.Layouts.PyObjectLayout.Py_TYPE(exporter)) ?? "?";
            string what = writable ? "refused a writable buffer" : "does not export a buffer";
            return new ArgumentException($"A '{type}' object {what}, so it cannot be leased ({error.Message}).", parameterName, error);
        }

        return error;
    }

    /// <summary>The slot, after checking that this lease still owns it and the interpreter is alive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private LeaseSlot* Live()
    {
        LeaseSlot* slot = _slot;
        if (slot == null || slot->Generation != _generation)
        {
            ThrowNotLive(slot == null);
        }

        if (!PythonRuntime.IsRunning)
        {
            ThrowFinalized();
        }

        return slot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private LeaseSlot* Contiguous()
    {
        LeaseSlot* slot = Live();
        if (!slot->CContiguous)
        {
            ThrowNotContiguous(slot);
        }

        return slot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private LeaseSlot* Writable()
    {
        LeaseSlot* slot = Contiguous();
        RequireWritable(slot);
        return slot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RequireWritable(LeaseSlot* slot)
    {
        if (!slot->Writable)
        {
            throw new InvalidOperationException(
                "This lease was entered read-only: use AsReadOnlySpan, or enter it with PyBufferLease.EnterWritable to write Python's memory.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckElement<T>(LeaseSlot* slot)
        where T : unmanaged
    {
        BufferElement wanted = BufferFormat.ElementOf<T>();
        if (wanted == BufferElement.Other || wanted != slot->Element)
        {
            ThrowWrongElement(slot, typeof(T));
        }
    }

    private static int SpanLength(LeaseSlot* slot)
    {
        nint length = slot->View.len;
        if ((ulong)length > int.MaxValue)
        {
            throw new InvalidOperationException(
                $"The buffer's {length} bytes exceed what one span can hold (int.MaxValue); read it with CopyTo into pieces, or ReadItem.");
        }

        return (int)length;
    }

    private static int TypedLength<T>(LeaseSlot* slot)
        where T : unmanaged
    {
        CheckElement<T>(slot);
        nint count = slot->View.len / sizeof(T);
        if ((ulong)count > int.MaxValue)
        {
            throw new InvalidOperationException($"The buffer holds {count} {typeof(T).Name} elements, more than a span can.");
        }

        int alignment = AlignmentOf<T>.Value;
        if ((nint)slot->View.buf % alignment != 0)
        {
            throw new InvalidOperationException(
                $"The buffer's address 0x{(nint)slot->View.buf:x} is not aligned to {alignment} bytes, as {typeof(T).Name} requires; read it with ReadItem, which allows any address.");
        }

        return (int)count;
    }

    private static byte* ItemAddress(LeaseSlot* slot, ReadOnlySpan<nint> indices)
    {
        int ndim = slot->Dimensions;
        if (indices.Length != ndim)
        {
            throw new ArgumentException($"The buffer has {ndim} dimension(s); {indices.Length} index(es) were given.", nameof(indices));
        }

        byte* address = (byte*)slot->View.buf;
        for (int i = 0; i < ndim; i++)
        {
            if ((ulong)indices[i] >= (ulong)slot->Shape[i])
            {
                throw new ArgumentOutOfRangeException(
                    nameof(indices), indices[i], $"Index {indices[i]} of dimension {i} is outside 0..{slot->Shape[i] - 1}.");
            }

            address += indices[i] * slot->Strides[i];
        }

        return address;
    }

    /// <summary>Copies dimension <paramref name="dimension"/> starting at <paramref name="source"/> into
    /// <paramref name="target"/>, in C order; returns where the next bytes go.</summary>
    private static byte* CopyDimension(LeaseSlot* slot, byte* source, byte* target, int dimension)
    {
        nint itemSize = slot->View.itemsize;
        if (dimension == slot->Dimensions)
        {
            Buffer.MemoryCopy(source, target, itemSize, itemSize); // a scalar (ndim 0), or one element
            return target + itemSize;
        }

        nint count = slot->Shape[dimension];
        nint stride = slot->Strides[dimension];
        for (nint i = 0; i < count; i++)
        {
            target = CopyDimension(slot, source + (i * stride), target, dimension + 1);
        }

        return target;
    }

    private static string FormatOf(LeaseSlot* slot) =>
        slot->View.format == null ? "B" : Marshal.PtrToStringUTF8((nint)slot->View.format) ?? "B";

    [DoesNotReturn]
    private static void ThrowNotLive(bool empty)
    {
        if (empty)
        {
            throw new InvalidOperationException("This PyBufferLease is empty (default): enter one with PyBufferLease.Enter.");
        }

        throw new ObjectDisposedException(nameof(PyBufferLease), "The buffer lease was disposed (by itself or by a copy of it); its buffer was released.");
    }

    [DoesNotReturn]
    private static void ThrowFinalized() =>
        throw new InterpreterFinalizedException("The Python interpreter was finalized while this buffer lease was entered; its memory is gone.");

    [DoesNotReturn]
    private static void ThrowNotContiguous(LeaseSlot* slot) =>
        throw new InvalidOperationException(
            $"The buffer is not C-contiguous (shape ({Join(slot->Shape, slot->Dimensions)}), strides ({Join(slot->Strides, slot->Dimensions)}), item size {slot->View.itemsize}), so no Span can view it; read it through its strides with ReadItem or CopyTo.");

    [DoesNotReturn]
    private static void ThrowWrongElement(LeaseSlot* slot, Type requested)
    {
        string format = FormatOf(slot);
        string reason = slot->Element switch
        {
            BufferElement.Other => "which no single .NET type matches; view the bytes with AsReadOnlySpan() instead",
            BufferElement.SwappedOrder => "whose byte order is not this machine's; view the bytes with AsReadOnlySpan() and swap them (BinaryPrimitives)",
            _ => $"whose elements are {BufferFormat.DotNetName(slot->Element)}",
        };
        throw new InvalidCastException(
            $"The buffer's format is '{format}' (item size {slot->View.itemsize}), {reason}: it cannot be viewed as {requested.Name}.");
    }

    private static string Join(nint* values, int count)
    {
        var parts = new string[count];
        for (int i = 0; i < count; i++)
        {
            parts[i] = values[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return string.Join(", ", parts);
    }
}
