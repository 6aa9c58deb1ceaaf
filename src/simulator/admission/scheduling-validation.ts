/**
 * The scheduling and networking parts of a pod spec: tolerations, topology spread, DNS config
 * and host aliases, with the messages of `validation.go` (affinity and label selectors are in
 * `affinity-validation.ts`).
 */

import { isIP } from 'node:net';
import type { FieldError } from '../apiserver/status.js';
import { validateLabelSelector } from './affinity-validation.js';
import {
  child,
  fieldDuplicate,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  goValue,
  index,
} from './field-errors.js';
import { goQuote } from './go-text.js';
import {
  asArray,
  asNumber,
  asObject,
  asObjects,
  asString,
  isSet,
  type JsonObject,
} from './json-access.js';
import { isDns1123Subdomain, isValidLabelValue, validateQualifiedName } from './name-validation.js';

const NOT_POSITIVE = 'must be greater than zero';

export function validateTolerations(value: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  asObjects(value).forEach((toleration, i) => {
    const itemPath = index(path, i);
    const key = asString(toleration.key);
    const operator = asString(toleration.operator);
    const effect = asString(toleration.effect);
    const tValue = asString(toleration.value);
    if (key) errors.push(...validateQualifiedName(key, child(itemPath, 'key')));
    if (!key && operator !== 'Exists') {
      errors.push(
        fieldInvalid(
          child(itemPath, 'operator'),
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (isSet(toleration, 'tolerationSeconds') && effect !== 'NoExecute') {
      errors.push(
        fieldInvalid(
          child(itemPath, 'effect'),
          effect,
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    if (operator === 'Equal' || operator === '') {
      const messages = isValidLabelValue(tValue);
      if (messages.length)
        errors.push(fieldInvalid(child(itemPath, 'operator'), tValue, messages.join(';')));
    } else if (operator === 'Exists') {
      if (tValue) {
        errors.push(
          fieldInvalid(
            child(itemPath, 'operator'),
            tValue,
            "value must be empty when `operator` is 'Exists'",
          ),
        );
      }
    } else {
      errors.push(fieldNotSupported(child(itemPath, 'operator'), operator, ['Equal', 'Exists']));
    }
    if (effect && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) {
      errors.push(
        fieldNotSupported(child(itemPath, 'effect'), effect, [
          'NoSchedule',
          'PreferNoSchedule',
          'NoExecute',
        ]),
      );
    }
  });
  return errors;
}

export function validateTopologySpreadConstraints(value: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const constraints = asObjects(value);
  constraints.forEach((constraint, i) => {
    const itemPath = index(path, i);
    const maxSkew = asNumber(constraint.maxSkew);
    if (maxSkew <= 0) errors.push(fieldInvalid(child(itemPath, 'maxSkew'), maxSkew, NOT_POSITIVE));
    const topologyKey = asString(constraint.topologyKey);
    if (!topologyKey)
      errors.push(fieldRequired(child(itemPath, 'topologyKey'), 'can not be empty'));
    const when = asString(constraint.whenUnsatisfiable);
    const actions = ['DoNotSchedule', 'ScheduleAnyway'];
    if (!actions.includes(when))
      errors.push(fieldNotSupported(child(itemPath, 'whenUnsatisfiable'), when, actions));
    const repeated = constraints
      .slice(i + 1)
      .some(
        (other) =>
          asString(other.topologyKey) === topologyKey && asString(other.whenUnsatisfiable) === when,
      );
    if (repeated) {
      errors.push(
        fieldDuplicate(
          child(itemPath, '{topologyKey, whenUnsatisfiable}'),
          `{${topologyKey}, ${when}}`,
        ),
      );
    }
    if (isSet(constraint, 'minDomains')) {
      const minDomains = asNumber(constraint.minDomains);
      const minPath = child(itemPath, 'minDomains');
      if (minDomains <= 0) errors.push(fieldInvalid(minPath, minDomains, NOT_POSITIVE));
      if (when !== 'DoNotSchedule') {
        errors.push(
          fieldInvalid(
            minPath,
            minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${when}`,
          ),
        );
      }
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      if (
        isSet(constraint, policy) &&
        !['Honor', 'Ignore'].includes(asString(constraint[policy]))
      ) {
        errors.push(
          fieldNotSupported(child(itemPath, policy), asString(constraint[policy]), [
            'Honor',
            'Ignore',
          ]),
        );
      }
    }
    errors.push(
      ...validateLabelSelector(constraint.labelSelector, child(itemPath, 'labelSelector')),
    );
  });
  return errors;
}

const IP_ERROR = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

export function validateDnsConfig(spec: JsonObject, path: string): FieldError[] {
  const config = asObject(spec.dnsConfig);
  if (spec.dnsPolicy === 'None') {
    if (!config) return [fieldRequired(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (asArray(config.nameservers).length === 0) {
      return [
        fieldRequired(
          child(path, 'nameservers'),
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
        ),
      ];
    }
  }
  if (!config) return [];
  const errors: FieldError[] = [];
  const nameservers = asArray(config.nameservers).map(asString);
  const slice = (values: string[]) => goValue(`[]string{${values.map(goQuote).join(', ')}}`);
  if (nameservers.length > 3) {
    errors.push(
      fieldInvalid(
        child(path, 'nameservers'),
        slice(nameservers),
        'must not have more than 3 nameservers',
      ),
    );
  }
  nameservers.forEach((ns, i) => {
    if (isIP(ns) === 0)
      errors.push(fieldInvalid(index(child(path, 'nameservers'), i), ns, IP_ERROR));
  });
  const searches = asArray(config.searches).map(asString);
  if (searches.length > 32) {
    errors.push(
      fieldInvalid(
        child(path, 'searches'),
        slice(searches),
        'must not have more than 32 search paths',
      ),
    );
  }
  if (searches.join(' ').length > 2048) {
    errors.push(
      fieldInvalid(
        child(path, 'searches'),
        slice(searches),
        'must not have more than 2048 characters (including spaces) in the search list',
      ),
    );
  }
  searches.forEach((search, i) => {
    const trimmed = search.endsWith('.') ? search.slice(0, -1) : search;
    for (const msg of isDns1123Subdomain(trimmed))
      errors.push(fieldInvalid(index(child(path, 'searches'), i), trimmed, msg));
  });
  asObjects(config.options).forEach((option, i) => {
    if (!asString(option.name))
      errors.push(fieldRequired(index(child(path, 'options'), i), 'must not be empty'));
  });
  return errors;
}

export function validateHostAliases(value: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  asObjects(value).forEach((alias, i) => {
    const ip = asString(alias.ip);
    if (isIP(ip) === 0) errors.push(fieldInvalid(child(index(path, i), 'ip'), ip, IP_ERROR));
    asArray(alias.hostnames)
      .map(asString)
      .forEach((hostname, j) => {
        for (const msg of isDns1123Subdomain(hostname)) {
          errors.push(fieldInvalid(index(child(index(path, i), 'hostnames'), j), hostname, msg));
        }
      });
  });
  return errors;
}
