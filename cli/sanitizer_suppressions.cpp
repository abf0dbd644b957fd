// LeakSanitizer's built-in suppressions for the urna binary (read only in sanitizer builds; an unused
// function otherwise). Fontconfig, which Pango uses to find fonts for the report's figures, keeps
// pattern and cache memory it never frees on purpose; LeakSanitizer would otherwise fail every run
// that draws a report (scripts/test runs the suite with detect_leaks=1). Only fontconfig's own
// allocations are waived: a Cairo surface or Pango layout urna forgets to free is still reported.
extern "C" const char* __lsan_default_suppressions();
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
