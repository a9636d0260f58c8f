namespace PyMemory.ChildHost;

/// <summary>Fails the scenario when a subinterpreter could not be created.</summary>
internal static class TrackingSubinterpreterCheck
{
    public static void ShouldBeCreated(this bool created)
    {
        if (!created)
        {
            throw new InvalidOperationException("Py_NewInterpreter returned NULL");
        }
    }
}
