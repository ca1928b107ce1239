// "1 entry", "2 entries": a count with its noun in the right number.
import { formatCount } from '../../shared/text';

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
