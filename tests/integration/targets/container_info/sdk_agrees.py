# The official openai SDK pages through the emulator (auto-pagination of containers.list) and must
# get exactly the containers, in the same order, that container_info returned (saved as JSON).
import json
import sys

from openai import OpenAI

base_url, api_key, module_result = sys.argv[1:4]
client = OpenAI(api_key=api_key, base_url=base_url, max_retries=0)
sdk = [container.model_dump(exclude_unset=True) for container in client.containers.list(limit=100)]
with open(module_result) as handle:
    ours = json.load(handle)
assert len(sdk) == len(ours) == 1234, (len(sdk), len(ours))
assert [c['id'] for c in sdk] == [c['id'] for c in ours], 'the SDK and container_info disagree on the ids or their order'
assert sdk == ours, 'the SDK and container_info disagree on the containers'
print('the openai SDK and container_info agree on %d containers' % len(ours))
