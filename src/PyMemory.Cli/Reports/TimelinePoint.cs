namespace PyMemory.Cli.Reports;

/// <summary>Live bytes per domain at one moment of a run.</summary>
/// <param name="Seconds">Seconds since the script started.</param>
/// <param name="RawBytes">Live bytes in the RAW domain.</param>
/// <param name="MemBytes">Live bytes in the MEM domain.</param>
/// <param name="ObjBytes">Live bytes in the OBJ domain.</param>
internal readonly record struct TimelinePoint(double Seconds, long RawBytes, long MemBytes, long ObjBytes);
