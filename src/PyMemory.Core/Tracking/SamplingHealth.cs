namespace PyMemory.Tracking;

/// <summary>How sampling itself is doing (<see cref="MemoryTracker.GetSamplingHealth"/>).</summary>
/// <param name="Failures">Samples that could not be recorded because recording threw (caught: nothing reaches
/// CPython), since the process started.</param>
/// <param name="Dropped">Samples dropped because the site table was full, since the process started.</param>
/// <param name="UncodedFrames">Frames kept without their code object (beyond
/// <see cref="MemoryTracker.MaxSampledCodeObjects"/>), since the process started.</param>
/// <param name="HeldCodeObjects">Code objects sampling keeps alive now.</param>
public readonly record struct SamplingHealth(long Failures, long Dropped, long UncodedFrames, int HeldCodeObjects);
