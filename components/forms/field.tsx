import type { ReactNode } from "react";

/** The border of a text box, select or text area; red while its field is in error. */
export const inputClass = (invalid: boolean) => `mt-1 w-full rounded border-2 px-3 py-2 ${invalid ? "border-nhs-red" : "border-slate-700"}`;

/** One field's message, beside the field, named "Error" for screen readers. */
export function FieldError({ id, message, className = "mt-1 font-semibold text-nhs-red" }: { id: string; message?: string; className?: string }) {
  if (!message) return null;
  return (
    <p id={id} className={className}>
      <span className="sr-only">Error: </span>
      {message}
    </p>
  );
}

/**
 * A form's field helpers from its field errors and the id of each field's
 * control: the message element (`<id>-error`) and the aria attributes that
 * tie it and any hint to the control.
 */
export function fieldErrors(errors: Record<string, string>, idOf: (name: string) => string, errorClassName?: string) {
  const errorId = (name: string) => `${idOf(name)}-error`;
  return {
    id: idOf,
    errorId,
    invalid: (name: string) => Boolean(errors[name]),
    error: (name: string): ReactNode => <FieldError id={errorId(name)} message={errors[name]} className={errorClassName} />,
    describedBy: (name: string, ...hints: Array<string | null | undefined | false>) =>
      [...hints, errors[name] ? errorId(name) : null].filter(Boolean).join(" ") || undefined,
    aria: (name: string, ...hints: Array<string | null | undefined | false>) => ({
      "aria-describedby": [...hints, errors[name] ? errorId(name) : null].filter(Boolean).join(" ") || undefined,
      "aria-invalid": errors[name] ? (true as const) : undefined,
    }),
  };
}

/**
 * One radio button a choice, each in its label (the whole row is clickable):
 * the ids are `idOf(option)`, the group's name `name`. Controlled with
 * `value` and `onChange`; or, in a form posted without JavaScript, uncontrolled
 * with `defaultValue` (the browser keeps the choice and posts it).
 */
export function RadioOptions<T extends string>({
  options,
  labels,
  name,
  idOf,
  value,
  onChange,
  defaultValue,
  describedBy,
  labelClassName = "flex cursor-pointer items-center gap-2",
}: {
  options: readonly T[];
  labels: Record<T, ReactNode>;
  name: string;
  idOf: (option: T) => string;
  labelClassName?: string;
  /** The ids of the group's hint or error, on each radio button. */
  describedBy?: string;
} & (
  { value: string | undefined; onChange: (option: T) => void; defaultValue?: never } | { value?: never; onChange?: never; defaultValue?: string }
)) {
  return options.map((option) => (
    <label key={option} htmlFor={idOf(option)} className={labelClassName}>
      <input
        id={idOf(option)}
        type="radio"
        name={name}
        value={option}
        {...(onChange ? { checked: value === option, onChange: () => onChange(option) } : { defaultChecked: defaultValue === option })}
        aria-describedby={describedBy}
        className="h-5 w-5"
      />
      {labels[option]}
    </label>
  ));
}
