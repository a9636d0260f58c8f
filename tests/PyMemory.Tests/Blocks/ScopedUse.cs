namespace PyMemory.Tests.Blocks;

/// <summary>A use of a scoped (ref struct) block, so tests can assert what it throws without capturing it.</summary>
internal delegate void ScopedUse<T>(T block)
    where T : allows ref struct;
