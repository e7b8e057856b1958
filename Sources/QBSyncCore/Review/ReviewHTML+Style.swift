extension ReviewHTML {
    /// The page's only styling, inline: system fonts, readable on screen and on paper.
    static let style = """

        :root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --soft: #f5f7fa; --warn: #b44d12;
                --warn-bg: #fff8e6; --bad: #ba2525; --ok: #2f8132; --accent: #1f4f8a; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 40px; color: var(--ink);
               font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Helvetica, Arial, sans-serif; }
        header { border-bottom: 3px solid var(--accent); margin-bottom: 18px; padding-bottom: 10px; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 26px 0 10px; }
        h3 { font-size: 13px; margin: 0 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
        .run, .approval { margin: 2px 0; color: var(--muted); }
        .approval { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
        code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
        .cards { display: flex; flex-wrap: wrap; gap: 12px; }
        .card { flex: 1 1 170px; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--soft); }
        .card .kind { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        .card .amount { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
        .card .count { color: var(--muted); font-size: 12px; }
        .card.warn { background: var(--warn-bg); border-color: #f0c36d; }
        .card.warn .amount { color: var(--warn); }
        .card.ok .amount { color: var(--ok); }
        ul.warnings { list-style: none; padding: 0; margin: 0; border: 1px solid #f0c36d; border-radius: 8px;
                      background: var(--warn-bg); }
        ul.warnings li { padding: 7px 12px; border-top: 1px solid #f6dca5; }
        ul.warnings li:first-child { border-top: 0; }
        .tag { display: inline-block; padding: 0 7px; border-radius: 9px; background: #fde2b8; color: #7a3a0c;
               font-size: 11px; font-weight: 600; white-space: nowrap; }
        .totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 18px; margin-top: 22px; }
        .block { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; }
        th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        th { background: var(--soft); font-size: 12px; color: var(--muted); font-weight: 600; }
        .figures td + td, .figures th + th, td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.documents tr.flagged td { background: var(--warn-bg); }
        table.documents td { font-size: 13px; }
        table.documents td:nth-child(2), table.documents td:nth-child(3), table.documents td:nth-child(5) { white-space: nowrap; }
        .neg { color: var(--bad); }
        .bad { color: var(--bad); font-weight: 600; }
        .none, .more { color: var(--muted); font-style: italic; }
        small { color: var(--muted); }
        details { margin-top: 18px; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
        summary { cursor: pointer; font-weight: 600; }
        details .block { margin-top: 8px; }
        footer { margin-top: 28px; color: var(--muted); font-size: 12px; }
        @media print {
          body { max-width: none; padding: 0; font-size: 11px; }
          details { border: 0; padding: 0; }
          details > .block { display: block; }
          tr { page-break-inside: avoid; }
        }

        """
}
