// "Tilføj spørgsmål" on the hearing form: a new question row from the formset's empty form, in place,
// without a round trip. Without this module the same button posts the page back with one empty row more.
const form = document.querySelector("form.js-question-formset");
const template = form && form.querySelector("template#question-template");
const total = form && form.querySelector("input[name=q-TOTAL_FORMS]");
const max = form && form.querySelector("input[name=q-MAX_NUM_FORMS]");
const button = form && form.querySelector("button[name=add_question]");

if (form && template && total && button) {
  const list = form.querySelector("#question-forms");
  const limit = Number(max ? max.value : 1000);
  const update = () => {
    button.hidden = Number(total.value) >= limit;
  };
  button.addEventListener("click", (event) => {
    event.preventDefault();
    const index = Number(total.value);
    if (index >= limit) return;
    const html = template.innerHTML
      .replaceAll("__prefix__", String(index))
      .replaceAll("__number__", String(index + 1));
    list.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const added = list.lastElementChild;
    const first = added.querySelector("input, textarea, select");
    if (first) first.focus();
    update();
  });
  update();
}
