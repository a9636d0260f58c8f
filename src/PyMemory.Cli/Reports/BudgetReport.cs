namespace PyMemory.Cli.Reports;

/// <summary>The budget a run had (<c>--budget</c>, <c>--budget-domain</c>) and what it refused.</summary>
/// <param name="TotalBytes">The limit on all domains together, or null.</param>
/// <param name="RawBytes">The RAW domain's limit, or null.</param>
/// <param name="MemBytes">The MEM domain's limit, or null.</param>
/// <param name="ObjBytes">The OBJ domain's limit, or null.</param>
/// <param name="Rejections">Allocations the budget refused.</param>
internal sealed record BudgetReport(long? TotalBytes, long? RawBytes, long? MemBytes, long? ObjBytes, long Rejections);
