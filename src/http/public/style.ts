import { createHash } from "node:crypto";

/**
 * The whole stylesheet, inlined in every page: one request per page on a slow phone
 * connection, and nothing for the Content-Security-Policy to allow but this exact text.
 * Mobile first: one column, readable at 360 px; wider screens only get more margin.
 */
export const STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1f24;background:#fff;overflow-wrap:break-word}
a{color:#0b57a4}
a:focus-visible,button:focus-visible,select:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
header,main,footer{padding:0 1rem;max-width:48rem;margin:0 auto}
header{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;justify-content:space-between;padding-top:.75rem;padding-bottom:.5rem;border-bottom:1px solid #d0d7de}
header .site{font-weight:700;text-decoration:none;color:inherit}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav a[aria-current]{font-weight:700;text-decoration:none;color:inherit}
.languages{margin:0}
h1{font-size:1.5rem;line-height:1.25;margin:1rem 0 .5rem}
h2{font-size:1.125rem;line-height:1.3;margin:1.25rem 0 .5rem}
form.filters{display:grid;grid-template-columns:1fr;gap:.5rem;margin:1rem 0;padding:.75rem;background:#f6f8fa;border:1px solid #d0d7de;border-radius:.5rem}
form.filters fieldset{border:0;margin:0;padding:0;display:grid;gap:.5rem}
form.filters legend{font-weight:700;padding:0}
label{display:block;font-weight:600}
select,button{font:inherit;width:100%;min-height:2.75rem;padding:.25rem .5rem;border:1px solid #8c959f;border-radius:.375rem;background:#fff;color:inherit}
button{background:#0b57a4;border-color:#0b57a4;color:#fff;font-weight:700}
.reports{list-style:none;margin:0;padding:0}
.reports li{border-bottom:1px solid #d0d7de;padding:.75rem 0}
.reports h2{margin:0 0 .25rem}
.meta{margin:0;color:#57606a;font-size:.9375rem}
.status{display:inline-block;padding:0 .4rem;border-radius:.25rem;background:#ddf4ff;color:#0a3069;font-size:.875rem;font-weight:600}
.status.closed{background:#dafbe1;color:#116329}
.pages{display:flex;flex-wrap:wrap;gap:.5rem 1rem;justify-content:space-between;align-items:center;margin:1rem 0}
dl.facts{display:grid;grid-template-columns:minmax(0,1fr);margin:0}
dl.facts dt{font-weight:700;margin-top:.5rem}
dl.facts dd{margin:0}
.timeline{padding-left:1.25rem}
.timeline li{margin:.5rem 0}
.timeline time,.answers time{color:#57606a;font-size:.9375rem}
.answers blockquote{margin:.5rem 0;padding:.5rem .75rem;border-left:4px solid #0b57a4;background:#f6f8fa}
figure{margin:.75rem 0}
figure img{display:block;max-width:100%;height:auto}
table{width:100%;border-collapse:collapse;font-size:.9375rem}
caption{text-align:left;font-weight:700;margin-bottom:.25rem}
th,td{padding:.375rem .25rem;border-bottom:1px solid #d0d7de;vertical-align:top}
th{text-align:left}
td.number,th.number{text-align:right}
.below,.meets{display:block;font-weight:600}
.below{color:#a40e26}
.meets{color:#116329}
@media (max-width:39.99rem){
table.figures thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
table.figures,table.figures caption,table.figures tbody,table.figures tr,table.figures th,table.figures td{display:block}
table.figures tr{border-bottom:1px solid #d0d7de;padding:.5rem 0}
table.figures th,table.figures td{border:0;padding:.125rem 0}
table.figures td{display:flex;justify-content:space-between;gap:1rem}
table.figures td::before{content:attr(data-label);text-align:left}
.below,.meets{display:inline}
}
.error{padding:.75rem;border:1px solid #a40e26;border-radius:.375rem;background:#ffebe9}
footer{margin-top:2rem;padding-top:.75rem;padding-bottom:1.5rem;border-top:1px solid #d0d7de;color:#57606a;font-size:.875rem}
@media (min-width:40rem){form.filters fieldset{grid-template-columns:repeat(2,minmax(0,1fr))}form.filters legend{grid-column:1/-1}dl.facts{grid-template-columns:max-content minmax(0,1fr);column-gap:1rem}dl.facts dt{margin-top:0}}
`.trim();

/** The CSP source that allows exactly this stylesheet and no other inline style. */
export const STYLESHEET_HASH = `'sha256-${createHash("sha256").update(STYLESHEET, "utf8").digest("base64")}'`;
