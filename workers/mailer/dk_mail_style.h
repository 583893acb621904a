/* dk_mail_style.h — the inline styles every HTML e-mail fragment shares
 * (mail clients drop <style> elements), so that all e-mails look alike. */
#ifndef DK_MAIL_STYLE_H
#define DK_MAIL_STYLE_H

#define H1 "<h1 style=\"font-size:22px;line-height:1.3;margin:0 0 16px;color:#111827;\">"
#define H2 "<h2 style=\"font-size:18px;line-height:1.3;margin:24px 0 8px;color:#111827;\">"
#define NOTE "<div style=\"margin:16px 0;padding:12px 16px;border-left:4px solid #b45309;background-color:#fffbeb;\">"
#define REF "<strong style=\"font-family:Consolas,Menlo,monospace;\">"
#define LINK "<a style=\"color:#1d4ed8;text-decoration:underline;\" href=\""
#define FOOTER "<p style=\"margin:24px 0 0;padding-top:16px;border-top:1px solid #e5e7eb;font-size:14px;color:#4b5563;\">"
/* The date and time of an interview, set apart: SLOT ... </p> */
#define SLOT "<p style=\"margin:16px 0;padding:12px 16px;border-left:4px solid #1d4ed8;background-color:#eff6ff;" \
             "font-size:18px;font-weight:bold;\">"
/* The one action a mail asks for: BUTTON url "\">" label "</a></p>" */
#define BUTTON "<p style=\"margin:16px 0;\"><a style=\"display:inline-block;padding:12px 20px;background-color:#1d4ed8;" \
               "color:#ffffff;font-weight:bold;text-decoration:none;border-radius:4px;\" href=\""
/* Under a button: the same link written out, for copying. */
#define SMALL "<p style=\"margin:0 0 16px;font-size:14px;color:#4b5563;word-break:break-all;\">"

#endif
