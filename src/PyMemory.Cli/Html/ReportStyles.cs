namespace PyMemory.Cli.Html;

/// <summary>The report's inline style sheet: system fonts only (nothing to download), readable tables, the chart.</summary>
internal static class ReportStyles
{
    public const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 24px; color: #1b1b1b; background: #fafafa; }
        h1 { font-size: 22px; margin: 0 0 4px 0; }
        h2 { font-size: 17px; margin: 28px 0 8px 0; }
        .script { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 15px; color: #444; }
        dl.summary { display: grid; grid-template-columns: max-content auto; gap: 4px 16px; margin: 12px 0; }
        dl.summary dt { font-weight: 600; }
        dl.summary dd { margin: 0; }
        .outcome-Completed { color: #1a7f37; font-weight: 600; }
        .outcome-ScriptError, .outcome-BudgetExceeded, .outcome-Interrupted { color: #b42318; font-weight: 600; }
        pre.error { background: #fff4f4; border: 1px solid #f1c0c0; padding: 10px; overflow-x: auto; white-space: pre-wrap; }
        table { border-collapse: collapse; background: #ffffff; font-size: 13px; }
        th, td { border: 1px solid #dddddd; padding: 4px 8px; text-align: right; vertical-align: top; }
        th { background: #f0f0f0; }
        td.text, th.text { text-align: left; }
        td.stack { text-align: left; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
        .muted { color: #6b6b6b; }
        svg.timeline { background: #ffffff; border: 1px solid #dddddd; }
        svg.timeline text { font-size: 12px; fill: #333333; }
        svg.timeline .axis-title { font-size: 13px; fill: #555555; }
        .bar { display: inline-block; height: 10px; background: #7f9fbf; }
        footer { margin-top: 32px; font-size: 12px; color: #6b6b6b; }
        """;
}
