namespace PyMemory.Interop.Layouts;

/// <summary>The slot ids of <c>typeslots.h</c> that PyMemory passes to <c>PyType_FromSpec</c>, under their C names;
/// the same numbers in 3.8 to 3.14.</summary>
internal static class PyTypeSlotIds
{
    /// <summary><c>Py_bf_getbuffer</c>: accepted by <c>PyType_FromSpec</c> from 3.9 only (bpo-40724). 3.8's header
    /// undefines it and its slot table has no offset for it, so passing it there is wrong.</summary>
    public const int Py_bf_getbuffer = 1;

    /// <summary><c>Py_bf_releasebuffer</c>: from 3.9 only, like <see cref="Py_bf_getbuffer"/>.</summary>
    public const int Py_bf_releasebuffer = 2;

    /// <summary><c>Py_tp_dealloc</c>.</summary>
    public const int Py_tp_dealloc = 52;

    /// <summary><c>Py_tp_doc</c>: the docstring (copied by <c>PyType_FromSpec</c>).</summary>
    public const int Py_tp_doc = 56;
}
