"""Applies one typical spec edit to a copy of spec/digitalocean.yaml, for scripts/semver-edits.sh.

Usage: semver_edit.py SPEC KIND, KIND one of response_field, enum_value, request_field,
query_param, operation (additive) or removed_response_field (breaking); none leaves it as it is.
The file is rewritten by PyYAML (same data, other layout), which the generator does not see.
"""
import sys, yaml
path, kind = sys.argv[1], sys.argv[2]
d = yaml.safe_load(open(path))
s = d['components']['schemas']
if kind == 'response_field':
    s['scan']['properties']['region'] = {'type': 'string', 'description': 'Where the scan ran.'}
elif kind == 'enum_value':
    s['vpc_peering']['properties']['status']['enum'].append('PAUSED')
elif kind == 'request_field':
    body = d['paths']['/v2/security/secrets']['post']['requestBody']['content']['application/json']['schema']
    body['properties']['description'] = {'type': 'string', 'description': 'A note.'}
elif kind == 'query_param':
    d['paths']['/v2/account/keys']['get']['parameters'].append(
        {'name': 'name_prefix', 'in': 'query', 'required': False, 'schema': {'type': 'string'},
         'description': 'Only keys whose name starts with this.'})
elif kind == 'operation':
    import copy
    item = copy.deepcopy(d['paths']['/v2/account/keys/{ssh_key_identifier}'])
    op = item['get']
    op['operationId'] = 'ssh_keys_get_again'
    op['summary'] = 'Retrieve an existing SSH key again'
    new = {k: v for k, v in item.items() if k not in ('get', 'put', 'delete', 'post', 'patch')}
    new['get'] = op
    d['paths']['/v2/account/keys/{ssh_key_identifier}/again'] = new
elif kind == 'removed_response_field':
    del s['scan']['properties']['created_at']
elif kind == 'none':
    pass
else:
    raise SystemExit('unknown edit ' + kind)
yaml.safe_dump(d, open(path, 'w'), sort_keys=False, allow_unicode=True)
