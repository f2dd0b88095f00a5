// The menu on a narrow screen: folded behind "Meny" until opened. Without this script the
// menu is simply shown, so every page works without JavaScript.
document.documentElement.classList.add('js');
document.addEventListener('DOMContentLoaded', () => {
  const button = document.querySelector('.menu-toggle');
  if (!button) return;
  button.addEventListener('click', () => {
    button.setAttribute('aria-expanded', String(button.getAttribute('aria-expanded') !== 'true'));
  });
});
