using System.Text;
using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory;

/// <summary>
/// Creates and reads the Python objects that embedding code needs: lists (pre-sized), dicts, ints, strs and bytes,
/// instances allocated with <c>PyType_GenericAlloc</c>, type objects, and garbage collections.
/// </summary>
/// <remarks>
/// Every method requires the GIL (<see cref="GilScope"/>) and checks it before any native call. Objects come back as
/// <see cref="PyObjectHandle"/>s that own one reference each; arguments stay owned by the caller (reference-stealing
/// C functions are handled here, so a handle passed in is still valid afterwards). Values go in with <c>From*</c>
/// (<see cref="FromInt64"/>, <see cref="FromString"/>, <see cref="FromBytes"/>) and are copied out with the matching
/// <c>Read*</c> (<see cref="ReadInt64"/>, <see cref="ReadString"/>, <see cref="ReadBytes"/>). Wrong argument types
/// are refused with <see cref="ArgumentException"/> before Python sees them; a Python error becomes a
/// <see cref="PythonException"/> and is cleared. Once the interpreter is finalized every method throws
/// <see cref="InterpreterFinalizedException"/>.
/// </remarks>
public static unsafe partial class PyObjects
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A new reference as an owning handle; NULL means the call failed and its Python error is thrown.</summary>
    private static PyObjectHandle Own(PythonApi api, nint newReference, string functionName) =>
        newReference != 0 ? PyObjectHandle.FromNewReference(newReference) : throw PythonException.TakePending(api, functionName);

    /// <summary>Refuses an object whose type lacks <paramref name="subclassFlag"/> (a <see cref="PyTypeFlags"/> bit).</summary>
    private static void RequireType(in HandleUse o, ulong subclassFlag, string expected, string parameterName)
    {
        nint type = PyObjectLayout.Py_TYPE(o.Pointer);
        if ((o.Api.PyType_GetFlags(type) & subclassFlag) == 0)
        {
            throw new ArgumentException($"Expected a '{expected}' object, got '{TypeName(type)}'.", parameterName);
        }
    }
}
