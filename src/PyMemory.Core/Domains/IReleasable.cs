using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// Something PyMemory owns and gives back: a block of one allocation domain, or an object reference. Holds the one
/// free for it and whether that free needs the GIL; <see cref="ReleaseRule"/> decides when the free may run.
/// Implemented by empty structs, so generic code over them is specialized per kind and every call is direct.
/// </summary>
internal interface IReleasable
{
    /// <summary>True when the free needs the GIL (MEM, OBJ, object references); false for RAW, which any thread
    /// (the finalizer thread included) may free.</summary>
    static abstract bool NeedsGil { get; }

    /// <summary>Frees now. The caller has applied <see cref="ReleaseRule"/> (the GIL is held when
    /// <see cref="NeedsGil"/>, and the interpreter is alive).</summary>
    static abstract void Free(PythonApi api, nint pointer);
}
