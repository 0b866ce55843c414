# check_inventory.py LIST_JSON AZURE_IDS_JSON GATEWAY_COUNT: the inventory holds every container of
# both providers, grouped by project, and no host variable holds a key or a header.
import json
import sys

list_path, ids_path, gateway_count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(list_path, encoding="utf-8") as handle:
    # ansible-inventory --output keeps the unsafe marks of the API's strings: {"__ansible_unsafe": text}.
    inventory = json.load(handle, object_hook=lambda value: value.get("__ansible_unsafe", value))
with open(ids_path, encoding="utf-8") as handle:
    azure_ids = json.load(handle)

azure_hosts = inventory["provider_azure"]["hosts"]
gateway_hosts = inventory["provider_gateway"]["hosts"]
assert sorted(azure_hosts) == sorted(azure_ids), (sorted(azure_hosts), sorted(azure_ids))
assert len(gateway_hosts) == gateway_count, gateway_hosts
hostvars = inventory["_meta"]["hostvars"]
projects = dict((host, hostvars.get(host, {}).get("openai_container_project")) for host in azure_hosts + gateway_hosts)
assert [projects[host] for host in azure_hosts] == ["azure"] * len(azure_hosts), projects
assert [projects[host] for host in gateway_hosts] == ["gateway"] * len(gateway_hosts), projects
for host, variables in hostvars.items():
    for name in variables:
        assert "key" not in name and "header" not in name, (host, name)
print("inventory: %d azure hosts, %d gateway hosts" % (len(azure_hosts), len(gateway_hosts)))
