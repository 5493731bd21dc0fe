// @ts-check
/** Small DOM helpers shared by the playground's modules (no framework). */

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} [type] the element class expected (checked)
 * @returns {T}
 */
export function byId(id, type) {
  const node = document.getElementById(id)

  if (!node || (type && !(node instanceof type))) {
    throw new Error(`playground: #${id} missing or not a ${type?.name}`)
  }

  return /** @type {T} */ (node)
}

/** @typedef {Node | string | number | null | undefined | false} Child */

/**
 * `el('td', {class: 'x', 'data-field': 'a.b'}, 'text', otherNode)`.
 * Attributes set to `false`/`undefined` are left out; `true` sets them empty.
 *
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number | boolean | undefined>} [attributes]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag)

  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    node.setAttribute(name, value === true ? '' : String(value))
  }

  append(node, children)

  return node
}

/**
 * @param {Node} node
 * @param {Child[]} children
 */
export function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    node.appendChild(
      child instanceof Node ? child : document.createTextNode(String(child))
    )
  }
}

/**
 * Replaces every child of `node`.
 *
 * @param {Node} node
 * @param {...Child} children
 */
export function replace(node, ...children) {
  while (node.firstChild) node.removeChild(node.firstChild)
  append(node, children)
}

/** @param {number} ms */
export function formatMs(ms) {
  if (ms === 0) return '0 ms'
  if (ms >= 100) return `${Math.round(ms)} ms`
  if (ms >= 10) return `${ms.toFixed(1)} ms`

  return `${ms.toFixed(2)} ms`
}

/**
 * A value as the session stores it: `(absent)` and `""` made visible.
 *
 * @param {string | undefined} value
 */
export function showValue(value) {
  if (value === undefined) return el('span', { class: 'muted' }, '(absent)')
  if (value === '') return el('span', { class: 'muted' }, '""')

  return el('code', {}, value)
}

/**
 * The options of a `<select>`, keeping the current choice when it still exists.
 *
 * @param {HTMLSelectElement} select
 * @param {Array<{ value: string, label: string }>} options
 * @param {string} [preferred] chosen when the current choice is gone
 */
export function setOptions(select, options, preferred) {
  const current = select.value
  const signature = JSON.stringify(options)

  // Unchanged options are left alone: rebuilding would close an open list.
  if (select.dataset.options === signature) return
  select.dataset.options = signature
  replace(
    select,
    ...options.map(({ value, label }) => el('option', { value }, label))
  )
  const values = options.map((option) => option.value)

  if (values.includes(current)) select.value = current
  else if (preferred !== undefined && values.includes(preferred))
    select.value = preferred
}
