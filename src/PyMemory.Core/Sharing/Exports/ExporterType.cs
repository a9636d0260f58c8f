using System.Runtime.InteropServices;
using System.Text;
using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory;

/// <summary>
/// The Python type <c>pymemory.Buffer</c>, made at run time with <c>PyType_FromSpec</c> the first time something is
/// exported, once per process, in the main interpreter: a non-GC, non-instantiable heap type whose
/// <c>bf_getbuffer</c>, <c>bf_releasebuffer</c> and <c>tp_dealloc</c> are the C# functions below. Each instance is an
/// <see cref="ExporterObject"/>; it holds the pin that keeps its memory valid and releases it when CPython deallocates
/// it, which happens only after the last <c>Py_buffer</c> view of it was released (each view owns a reference).
/// </summary>
/// <remarks>
/// On 3.9 and later the buffer functions are slots of the spec. On 3.8 <c>PyType_FromSpec</c> does not accept them
/// (bpo-40724), so they are written into the heap type's own <c>PyBufferProcs</c>, which <c>tp_as_buffer</c> points
/// to in every version, right after the type is made and before any instance exists. The callbacks never let a .NET
/// exception reach CPython: a failed request raises BufferError, and a failure while deallocating is swallowed (the
/// pin is then kept, leaking the memory rather than freeing it under a reader).
/// </remarks>
internal static unsafe class ExporterType
{
    private const string TypeName = "pymemory.Buffer";
    private const string TypeDoc = "Memory owned by .NET (a PyMemory block or a pinned Memory<byte>), exported through the buffer protocol without a copy.";

    private static nint s_type;
    private static nint s_mainInterpreter;
    private static PythonApi? s_api;

    [ThreadStatic]
    private static nint t_ownMainThreadState;

    /// <summary>The type object (a borrowed pointer, kept alive for the life of the interpreter), made on first use.
    /// The caller holds the GIL.</summary>
    /// <param name="api">The live API.</param>
    /// <returns>The <c>PyTypeObject*</c>.</returns>
    /// <exception cref="NotSupportedException">The calling thread runs a subinterpreter.</exception>
    /// <exception cref="PythonException"><c>PyType_FromSpec</c> failed (MemoryError).</exception>
    public static nint Get(PythonApi api)
    {
        RequireMainInterpreter(api);
        nint type = Volatile.Read(ref s_type);
        return type != 0 ? type : Create(api);
    }

    /// <summary>True when <paramref name="o"/> is an instance of the exporter type.</summary>
    /// <param name="o">A live object.</param>
    /// <returns>Whether it is.</returns>
    public static bool IsInstance(nint o) => s_type != 0 && Interop.Layouts.PyObjectLayout.Py_TYPE(o) == s_type;

    /// <summary>
    /// Creates an exporter of <paramref name="length"/> bytes at <paramref name="buffer"/>, kept valid by
    /// <paramref name="keeper"/> (a pinned <see cref="NativeBlock"/> or a <see cref="PinnedMemory"/>), with a
    /// C-contiguous <paramref name="shape"/> of elements of <paramref name="itemSize"/> bytes. The keeper passes to the
    /// new object, which releases it when deallocated; if creation fails, it is released here before the exception.
    /// The caller holds the GIL and has checked that the shape covers exactly the length.
    /// </summary>
    /// <returns>The new object: a new reference, which the caller gives to an owner (whose failure to take it must be
    /// answered with <c>Py_DecRef</c>, which releases the keeper).</returns>
    /// <exception cref="PythonException">Python could not allocate the object (MemoryError).</exception>
    public static nint Create(PythonApi api, nint type, object keeper, byte* buffer, long length, bool readOnly,
        ReadOnlySpan<long> shape, int itemSize, byte* format)
    {
        var o = (ExporterObject*)0;
        try
        {
            o = (ExporterObject*)api.PyType_GenericAlloc(type, 2 * shape.Length);
            if (o == null)
            {
                throw PythonException.TakePending(api, "PyType_GenericAlloc");
            }

            o->Buffer = buffer;
            o->Length = (nint)length;
            o->ItemSize = itemSize;
            o->ReadOnly = readOnly ? 1 : 0;
            o->NDim = shape.Length;
            o->Format = format;
            nint* shapes = ExporterObject.ShapeOf(o);
            nint* strides = ExporterObject.StridesOf(o);
            nint stride = itemSize;
            for (int i = shape.Length - 1; i >= 0; i--)
            {
                shapes[i] = (nint)shape[i];
                strides[i] = stride;
                stride *= (nint)shape[i];
            }

            o->Pin = ExportKeepers.Add(keeper); // under the GIL, as Dealloc takes it
        }
        catch
        {
            if (o != null)
            {
                api.Py_DecRef((nint)o); // no pin yet: the deallocator only frees the object
            }

            Release(keeper);
            throw;
        }

        return (nint)o;
    }

    /// <summary>How many <c>Py_buffer</c> views of <paramref name="o"/> are handed out and not yet released.</summary>
    /// <param name="o">An instance of the exporter type.</param>
    /// <returns>The count.</returns>
    public static long ViewsOf(nint o) => ((ExporterObject*)o)->Views;

    /// <summary>Gives back what kept an export's memory valid: unpins the block or the memory.</summary>
    private static void Release(object keeper)
    {
        switch (keeper)
        {
            case NativeBlock block:
                block.RemovePin();
                block.DangerousRelease(); // the last reference of a disposed block frees it, in its own domain
                break;
            case PinnedMemory memory:
                memory.Release();
                break;
        }
    }

    /// <summary>Refuses a subinterpreter: the type and its instances belong to the main interpreter, and an object of
    /// one interpreter must not be handed to another.</summary>
    /// <exception cref="NotSupportedException">The calling thread runs a subinterpreter.</exception>
    private static void RequireMainInterpreter(PythonApi api)
    {
        nint threadState = api.PyThreadState_GetUnchecked();
        if (threadState == t_ownMainThreadState && threadState != 0)
        {
            return; // this thread's own state, found in the main interpreter before
        }

        nint main = s_mainInterpreter;
        if (main == 0)
        {
            main = api.PyInterpreterState_Main();
            s_mainInterpreter = main;
        }

        if (api.InterpreterOf(threadState) != main)
        {
            throw new NotSupportedException(
                "Exporting memory to Python is supported in the main interpreter only; this thread runs a subinterpreter, whose objects must not mix with the main interpreter's.");
        }

        // Remembered only for the thread state PyMemory keeps for this thread (ThreadGilState's, never freed while the
        // thread lives, and a thread state never changes interpreter): the same address is then the same state, so
        // later exports skip the second native call. Another state (a host's, a swapped-in one) is checked every time.
        if (threadState == ThreadGilState.CurrentOrNull?.ThreadState)
        {
            t_ownMainThreadState = threadState;
        }
    }

    private static nint Create(PythonApi api)
    {
        bool slotsInSpec = api.Version.IsAtLeast(3, 9);
        byte* name = Utf8(TypeName); // never freed: 3.8 to 3.11 keep it as tp_name
        byte* doc = Utf8(TypeDoc);
        var slots = stackalloc PyTypeSlot[5];
        int count = 0;
        slots[count++] = new PyTypeSlot { slot = PyTypeSlotIds.Py_tp_dealloc, pfunc = (delegate* unmanaged<nint, void>)&Dealloc };
        slots[count++] = new PyTypeSlot { slot = PyTypeSlotIds.Py_tp_doc, pfunc = doc };
        if (slotsInSpec)
        {
            slots[count++] = new PyTypeSlot { slot = PyTypeSlotIds.Py_bf_getbuffer, pfunc = (delegate* unmanaged<nint, Py_buffer*, int, int>)&GetBuffer };
            slots[count++] = new PyTypeSlot { slot = PyTypeSlotIds.Py_bf_releasebuffer, pfunc = (delegate* unmanaged<nint, Py_buffer*, void>)&ReleaseBuffer };
        }

        slots[count] = default;
        var spec = new PyTypeSpec
        {
            name = name,
            basicsize = sizeof(ExporterObject),
            itemsize = sizeof(nint),
            flags = Py_TPFLAGS_DEFAULT,
            slots = slots,
        };

        s_api = api; // before the first instance can exist
        nint type = api.PyType_FromSpec(&spec);
        NativeMemory.Free(doc); // copied into tp_doc
        if (type == 0)
        {
            throw PythonException.TakePending(api, "PyType_FromSpec");
        }

        if (!slotsInSpec && !PyHeapTypeBufferLayout.WriteBufferProcs(
                type, (nint)(delegate* unmanaged<nint, Py_buffer*, int, int>)&GetBuffer, (nint)(delegate* unmanaged<nint, Py_buffer*, void>)&ReleaseBuffer))
        {
            api.Py_DecRef(type);
            throw new InvalidOperationException("PyType_FromSpec made a heap type without its own PyBufferProcs; the buffer functions cannot be set.");
        }

        PyHeapTypeBufferLayout.ClearNew(type); // instances come from PyMemory only: T() raises TypeError
        nint won = Interlocked.CompareExchange(ref s_type, type, 0);
        if (won != 0)
        {
            api.Py_DecRef(type); // another thread made it first (the GIL can switch inside PyType_FromSpec)
            return won;
        }

        return type;
    }

    /// <summary><c>Py_TPFLAGS_DEFAULT</c>: <c>Py_TPFLAGS_HAVE_VERSION_TAG</c> (1 &lt;&lt; 18) in 3.8 to 3.14; no GC, no
    /// subclassing.</summary>
    private const uint Py_TPFLAGS_DEFAULT = 1u << 18;

    private static byte* Utf8(string text)
    {
        int count = Encoding.UTF8.GetByteCount(text);
        var bytes = (byte*)NativeMemory.Alloc((nuint)count + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(bytes, count));
        bytes[count] = 0;
        return bytes;
    }

    /// <summary><c>bf_getbuffer</c>: fills <paramref name="view"/> as CPython's own exporters do for C-contiguous
    /// memory, honouring the request's flags; refuses a writable request of a read-only export with BufferError.</summary>
    [UnmanagedCallersOnly]
    private static int GetBuffer(nint self, Py_buffer* view, int flags)
    {
        PythonApi api = s_api!;
        var o = (ExporterObject*)self;
        if (view == null)
        {
            return Refuse(api, view, "pymemory.Buffer: NULL view"u8);
        }

        if (o->Pin == 0)
        {
            return Refuse(api, view, "pymemory.Buffer: this object exports nothing (it was not made by PyMemory)"u8);
        }

        if (PyBufferRequest.WantsWritable(flags) && o->ReadOnly != 0)
        {
            return Refuse(api, view, "Object is not writable."u8); // PyBuffer_FillInfo's words
        }

        if (PyBufferRequest.WantsFortranOrder(flags) && !IsFortranContiguous(o))
        {
            return Refuse(api, view, "pymemory.Buffer: the memory is C-contiguous, not Fortran contiguous"u8);
        }

        view->buf = o->Buffer;
        view->obj = self;
        api.Py_IncRef(self);
        view->len = o->Length;
        view->itemsize = o->ItemSize;
        view->@readonly = o->ReadOnly;
        view->format = PyBufferRequest.WantsFormat(flags) ? o->Format : null;
        if (PyBufferRequest.WantsShape(flags))
        {
            view->ndim = o->NDim;
            view->shape = ExporterObject.ShapeOf(o);
        }
        else
        {
            view->ndim = 1; // one run of bytes, as memoryobject.c answers a request without PyBUF_ND
            view->shape = null;
        }

        view->strides = PyBufferRequest.WantsStrides(flags) ? ExporterObject.StridesOf(o) : null;
        view->suboffsets = null;
        view->@internal = null;
        o->Views++;
        return 0;
    }

    /// <summary><c>bf_releasebuffer</c>: one view fewer. (<c>PyBuffer_Release</c> drops the view's reference itself.)</summary>
    [UnmanagedCallersOnly]
    private static void ReleaseBuffer(nint self, Py_buffer* view)
    {
        var o = (ExporterObject*)self;
        if (o->Views > 0)
        {
            o->Views--;
        }
    }

    /// <summary><c>tp_dealloc</c>: the last reference is gone, so no view remains: releases the pin (which may free a
    /// disposed block, in its own domain: this thread holds the GIL), then frees the object and drops its reference on
    /// the heap type.</summary>
    [UnmanagedCallersOnly]
    private static void Dealloc(nint self)
    {
        PythonApi api = s_api!;
        var o = (ExporterObject*)self;
        nint type = o->Type;
        nint pin = o->Pin;
        o->Pin = 0;
        if (pin != 0)
        {
            try
            {
                object? keeper = ExportKeepers.Take(pin);
                if (keeper is not null)
                {
                    Release(keeper);
                }
            }
            catch (Exception)
            {
                // Never into CPython. Unpinning failed: the memory stays pinned, a leak rather than a free under a reader.
            }
        }

        api.PyObject_Free((void*)self);
        api.Py_DecRef(type);
    }

    private static int Refuse(PythonApi api, Py_buffer* view, ReadOnlySpan<byte> message)
    {
        if (view != null)
        {
            view->obj = 0;
        }

        fixed (byte* text = message)
        {
            api.PyErr_SetString(api.PyExc_BufferError, text); // u8 literals end in a NUL that the span leaves out
        }

        return -1;
    }

    /// <summary>C-contiguous memory is also Fortran contiguous when at most one dimension is longer than 1, or when it
    /// is empty.</summary>
    private static bool IsFortranContiguous(ExporterObject* o)
    {
        nint* shape = ExporterObject.ShapeOf(o);
        int longer = 0;
        for (int i = 0; i < o->NDim; i++)
        {
            if (shape[i] == 0)
            {
                return true;
            }

            if (shape[i] > 1)
            {
                longer++;
            }
        }

        return longer <= 1;
    }
}
