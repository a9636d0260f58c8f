using System.Runtime.InteropServices;

namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>int PyThreadState_SetAsyncExc(unsigned long id, PyObject *exc)</c> (3.8-3.13: <c>unsigned long</c>
    /// id): asks the thread whose thread state has <c>thread_id == id</c>, in the calling thread's interpreter, to
    /// raise the exception class <c>exc</c> the next time its eval loop checks for pending work; NULL withdraws a
    /// request not yet raised. Returns how many thread states were changed (0: no such thread). Needs the GIL.</summary>
    public delegate* unmanaged<CULong, nint, int> PyThreadState_SetAsyncExc { get; private set; }

    /// <summary><c>unsigned long PyThread_get_thread_ident(void)</c>: the calling OS thread's identifier, the value a
    /// thread state created on it records as <c>thread_id</c>. Needs no GIL.</summary>
    public delegate* unmanaged<CULong> PyThread_get_thread_ident { get; private set; }

    /// <summary><c>PyObject* PyErr_NewException(const char *name, PyObject *base, PyObject *dict)</c>: a new exception
    /// class named <c>module.Name</c> deriving from <c>base</c> (new reference), or NULL with an error set.</summary>
    public delegate* unmanaged<byte*, nint, nint, nint> PyErr_NewException { get; private set; }

    /// <summary>The value of <c>PyExc_BaseException</c>: the BaseException type object.</summary>
    public nint PyExc_BaseException { get; private set; }

    private void BindInterrupts(Binder b)
    {
        PyThreadState_SetAsyncExc = (delegate* unmanaged<CULong, nint, int>)b.Required("PyThreadState_SetAsyncExc");
        PyThread_get_thread_ident = (delegate* unmanaged<CULong>)b.Required("PyThread_get_thread_ident");
        PyErr_NewException = (delegate* unmanaged<byte*, nint, nint, nint>)b.Required("PyErr_NewException");
        PyExc_BaseException = b.RequiredPointerValue("PyExc_BaseException");
    }
}
