/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_css.c — the stylesheet of our pages (dk_web_page.h), served as
 * /style.css (the Content-Security-Policy forbids inline styles): the
 * layout, forms, the applicant's pages. Mobile first: one column, large
 * touch targets, readable at 320 px. */
#include "web/dk_web_page.h"

const char dk_web_css[] =
    ":root{--ink:#1d2a36;--accent:#005ea8;--bad:#b00020;--line:#c9d2db}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "color:var(--ink);background:#f4f6f8}\n"
    "header,main{max-width:44rem;margin:0 auto;padding:0 1rem}\n"
    "header{padding-top:.5rem}\n"
    ".brand{margin:.25rem 0;color:#51606e;font-size:.9rem}\n"
    ".langs{display:flex;gap:.75rem;justify-content:flex-end;font-size:.95rem}\n"
    ".langs a{color:var(--accent);padding:.25rem}\n"
    ".langs a[aria-current]{font-weight:700;text-decoration:none;color:var(--ink)}\n"
    "h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}\n"
    "h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:1px solid var(--line)}\n"
    "main{background:#fff;padding:1rem;border-radius:.5rem;margin-bottom:2rem}\n"
    ".field,.slot{margin:0 0 1rem;border:0;padding:0}\n"
    "label,legend{display:block;font-weight:600;margin-bottom:.25rem}legend{padding:0}\n"
    ".choice{font-weight:400;display:inline-flex;align-items:center;gap:.35rem;"
    "margin-right:1rem;min-height:44px}\n"
    "input[type=text],input[type=email],input[type=password],input[type=date],input[type=time],"
    "select,textarea{"
    "width:100%;font:inherit;padding:.6rem;border:1px solid #8795a1;border-radius:.35rem;"
    "background:#fff;min-height:44px}\n"
    /* A preferred slot: on a phone the day on its own row, from and to side
     * by side under it, an error spanning the row under what it concerns;
     * from 40rem day, from and to on one row, each error under its input.
     * minmax(0,…) and min-width:0 (a fieldset is min-content wide by
     * default) keep the row inside a 320 px screen. */
    ".slot{min-width:0}\n"
    ".slot-inputs{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.5rem .75rem}\n"
    ".slot-inputs>*{min-width:0}.slot-date,.slot-error{grid-column:1/-1}\n"
    ".slot-inputs label{font-weight:400}.slot-error .error{margin:0}\n"
    "@media (min-width:40rem){"
    ".slot-inputs{grid-template-columns:minmax(0,2fr) repeat(2,minmax(0,1fr))}"
    ".slot-part{grid-row:1}.slot-error{grid-row:2}"
    ".slot-date,.slot-date-error{grid-column:1}.slot-from,.slot-from-error{grid-column:2}"
    ".slot-to,.slot-to-error{grid-column:3}}\n"
    ".hint{color:#51606e;margin:.1rem 0 .4rem;font-size:.95rem}\n"
    ".error{color:var(--bad);font-weight:600;margin:.1rem 0 .4rem}\n"
    /* A slot row marks only the inputs its errors concern (aria-invalid). */
    ".field.invalid input,.field.invalid select,.field.invalid textarea,input[aria-invalid],"
    "select[aria-invalid],textarea[aria-invalid]{border:2px solid var(--bad)}\n"
    ".banner{border-left:4px solid var(--bad);background:#fdecee;padding:.75rem;margin:1rem 0}\n"
    ".consent label{font-weight:400;display:flex;gap:.5rem;align-items:flex-start}\n"
    ".consent input{width:1.4rem;height:1.4rem;flex:none;margin-top:.15rem}\n"
    "details{margin:0 0 1rem}summary{cursor:pointer;color:var(--accent);min-height:44px;"
    "padding:.5rem 0}\n"
    "button{font:inherit;font-weight:700;color:#fff;background:var(--accent);border:0;"
    "border-radius:.35rem;padding:.8rem 1.2rem;width:100%;min-height:48px}\n"
    /* The code (23 characters) stays on one line down to a 320 px screen;
     * if it must wrap (large text settings), preferably at a dash. */
    ".security-code{font:700 clamp(1rem,5.4vw,1.6rem)/1.3 ui-monospace,Menlo,Consolas,monospace;"
    "letter-spacing:.04em;overflow-wrap:anywhere;text-wrap:balance;background:#eef4fa;"
    "padding:.75rem;border-radius:.35rem;text-align:center}\n"
    "code{overflow-wrap:anywhere}\n"
    /* the self-service pages */
    ".lead{font-size:1.05rem}\n"
    ".when{font-size:1.25rem;font-weight:700;background:#eef4fa;padding:.75rem;"
    "border-radius:.35rem;margin:.25rem 0 .5rem}\n"
    ".status{margin:.25rem 0 1rem}\n"
    ".status.good,.status.bad{padding:.75rem;border-left:4px solid;border-radius:.2rem}\n"
    ".status.good{border-color:#1a7f37;background:#e9f6ec}\n"
    ".status.bad{border-color:var(--bad);background:#fdecee}\n"
    ".action{margin-top:1.5rem}\n"
    "input[type=file]{width:100%;font:inherit;padding:.5rem 0;min-height:44px}\n"
    "input[type=file]::file-selector-button{font:inherit;font-weight:600;color:var(--accent);"
    "background:#fff;border:2px solid var(--accent);border-radius:.35rem;min-height:44px;"
    "padding:.5rem .85rem;margin-right:.75rem;cursor:pointer}\n"
    ".problems{padding-left:1.2rem}.problems li{margin:0 0 .5rem}\n"
    "button.secondary{background:#fff;color:var(--accent);border:2px solid var(--accent)}\n"
    "button.danger{background:var(--bad)}\n"
    "a{color:var(--accent)}#video-url{word-break:break-all;font-weight:700}\n"
    /* the console: document images and captures fit the column */
    "main img{max-width:100%;height:auto}dd{overflow-wrap:anywhere}\n"
    /* the digital key's pages: the choice of key, the QR code (an inline
     * SVG without a size of its own) and the key to type, the result */
    ".keychoice h3{font-size:1rem;margin:1rem 0 .25rem;color:#51606e}\n"
    ".keyoption{margin:0 0 .75rem}.keyoption .choice{font-weight:600;margin:0}"
    ".keyoption .hint{margin-left:1.75rem}.level{display:block;font-weight:600;color:var(--ink)}\n"
    ".steps{padding-left:1.2rem}.steps li{margin:0 0 .75rem}\n"
    ".qr{margin:.5rem 0}.qr svg{display:block;width:14rem;max-width:100%;height:auto}\n"
    ".secret code{font:700 1.1rem/1.4 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.05em;"
    "background:#eef4fa;padding:.35rem .5rem;border-radius:.35rem}\n"
    ".key-summary dt{font-weight:600;margin-top:.5rem}.key-summary dd{margin:0 0 .25rem}\n"
    "a.button{display:block;text-align:center;font-weight:700;color:#fff;background:var(--accent);"
    "border-radius:.35rem;padding:.8rem 1.2rem;text-decoration:none}\n"
    "#email-resend-form{margin-top:.75rem}\n";
