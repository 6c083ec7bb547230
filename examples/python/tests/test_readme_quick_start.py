"""The README's Python quick start is run as it is written, so it cannot drift from the library."""
import re
import shutil

from aws_cdk.assertions import Match, Template

from conftest import ROOT


def quick_start_python():
    readme = (ROOT / "README.md").read_text()
    section = re.search(r"^## Quick start\n(.*?)^## ", readme, re.S | re.M)
    assert section, "README.md has no '## Quick start' section"
    blocks = re.findall(r"^```python\n(.*?)^```", section.group(1), re.S | re.M)
    assert len(blocks) == 1, f"the Quick start section should have one Python block, has {len(blocks)}"
    return blocks[0]


def test_the_readme_python_quick_start_synthesizes_a_connection():
    code = quick_start_python()
    scope = {}
    exec(compile(code, "README.md (Quick start, Python)", "exec"), scope)
    template = Template.from_stack(scope["stack"])
    # The block ends with app.synth(), into a temporary directory of the app's own: not left behind.
    shutil.rmtree(scope["app"].synth().directory, ignore_errors=True)
    template.resource_count_is("Custom::InterconnectConnection", 1)
    template.has_resource_properties("Custom::InterconnectConnection", {
        "EnvironmentId": "aws-gcp-us-east4",
        "Bandwidth": "1Gbps",
        "AttachPointType": "directConnectGateway",
        "AttachPointValue": "5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9",
        "Description": "prod to gcp",
    })
    template.has_output("SharedId", {"Value": {"Fn::GetAtt": [Match.any_value(), "SharedId"]}})
