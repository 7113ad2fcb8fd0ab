// The trip's list: one box ticks (or unticks) every person shown.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("tick-all");
  if (!all) return;
  const boxes = () => document.querySelectorAll("input[name=line]");
  all.hidden = false;
  all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
});
