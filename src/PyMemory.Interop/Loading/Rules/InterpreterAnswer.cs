namespace PyMemory.Interop.Loading.Rules;

/// <summary>What a python executable said about itself when asked (<see cref="InterpreterQuery"/>).</summary>
/// <param name="Executable">Its <c>sys.executable</c>, when it names an existing file: the real interpreter behind a
/// wrapper (a pyenv shim), or the venv path it was started as. Null when it said nothing usable.</param>
/// <param name="Libraries">The existing, loadable-looking library files it reported.</param>
internal sealed record InterpreterAnswer(string? Executable, IReadOnlyList<string> Libraries)
{
    /// <summary>The answer of an interpreter that could not be asked.</summary>
    public static InterpreterAnswer None { get; } = new(null, []);
}
