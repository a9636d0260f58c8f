using System.Reflection;
using Xunit.Sdk;

namespace PyMemory.Tests.Infrastructure;

/// <summary>
/// One theory row, (library path, version), for a pyenv install of <c>minor</c> found on this machine
/// (<see cref="InstalledPythons.Pyenv"/>). Without one the row is reported as skipped, naming what to install, rather
/// than failing on every machine laid out differently from CI's.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class PyenvLibraryDataAttribute : DataAttribute
{
    private readonly (string Library, string Version)? _found;

    /// <summary>A row for the newest pyenv install of <paramref name="minor"/> with <paramref name="fileName"/>.</summary>
    /// <param name="minor">"3.7", for example.</param>
    /// <param name="fileName">The library's file name in the install's lib folder.</param>
    public PyenvLibraryDataAttribute(string minor, string fileName)
    {
        Minor = minor;
        FileName = fileName;
        _found = InstalledPythons.Pyenv(minor, fileName);
        if (_found is null)
        {
            Skip = $"needs Python {minor} installed with pyenv (--enable-shared) under {InstalledPythons.PyenvRoot}/versions, with lib/{fileName}";
        }
    }

    /// <summary>The minor version looked for.</summary>
    public string Minor { get; }

    /// <summary>The library's file name looked for.</summary>
    public string FileName { get; }

    /// <inheritdoc/>
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        _found is { } found ? [[found.Library, found.Version]] : [[$"<no pyenv Python {Minor}>", Minor]];
}
