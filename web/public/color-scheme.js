// Applies the saved color scheme before React starts, so a dark-mode user never sees a white flash.
// Same key and attribute as Mantine's localStorageColorSchemeManager.
(() => {
  let scheme = "light";
  try {
    const saved = window.localStorage.getItem("mantine-color-scheme-value");
    if (saved === "light" || saved === "dark") scheme = saved;
    else if (window.matchMedia("(prefers-color-scheme: dark)").matches) scheme = "dark";
  } catch {
    // storage blocked: keep light
  }
  document.documentElement.setAttribute("data-mantine-color-scheme", scheme);
})();
