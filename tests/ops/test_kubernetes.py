"""deploy/kubernetes/, checked without a cluster: every manifest against the Kubernetes API
schema (kubernetes-validate bundles it, strict: an unknown or misspelt field fails), and the
links between them that a schema cannot see."""

import copy

import kubernetes_validate
import pytest
import yaml

from .sites import ROOT

KUBERNETES = ROOT / "deploy" / "kubernetes"
VERSION = "1.37.0"
MANIFESTS = sorted(path for path in KUBERNETES.glob("*.yaml") if path.name != "kustomization.yaml")
RESOURCES = {
    (document["kind"], document["metadata"]["name"]): document
    for path in MANIFESTS
    for document in yaml.safe_load_all(path.read_text())
}


@pytest.mark.parametrize("key", sorted(RESOURCES), ids=lambda key: "/".join(key))
def test_manifest_is_valid_against_the_kubernetes_schema(key):
    kubernetes_validate.validate(RESOURCES[key], VERSION, strict=True)


def test_the_schema_check_would_catch_a_misspelt_field():
    broken = copy.deepcopy(RESOURCES["Deployment", "newsroom-web"])
    broken["spec"]["template"]["spec"]["containers"][0]["readinessprobe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSION, strict=True)


def test_kustomization_lists_every_manifest_but_the_migrate_job():
    kustomization = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    assert listed == {path.name for path in MANIFESTS} - {"migrate-job.yaml"}


def pod(kind, name):
    resource = RESOURCES[kind, name]
    if kind == "CronJob":
        return resource["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return resource["spec"]["template"]["spec"]


def test_web_is_ready_on_readyz_alive_on_healthz_and_does_not_migrate():
    deployment = RESOURCES["Deployment", "newsroom-web"]
    (web,) = pod("Deployment", "newsroom-web")["containers"]
    assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert web["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    config = RESOURCES["ConfigMap", "newsroom"]["data"]
    assert config["NEWSROOM_MIGRATE_AT_START"] == "0"


def test_the_migrate_job_runs_the_locked_migrate_straight_to_postgresql():
    (migrate,) = pod("Job", "newsroom-migrate")["containers"]
    assert migrate["args"] == ["python", "manage.py", "migrate_locked"]
    database_url = next(var for var in migrate["env"] if var["name"] == "DATABASE_URL")
    assert database_url["valueFrom"]["secretKeyRef"]["key"] == "direct-database-url"


def test_autoscaler_and_disruption_budget_point_at_the_web_pods():
    web = RESOURCES["Deployment", "newsroom-web"]
    hpa = RESOURCES["HorizontalPodAutoscaler", "newsroom-web"]
    assert hpa["spec"]["scaleTargetRef"]["name"] == web["metadata"]["name"]
    pdb = RESOURCES["PodDisruptionBudget", "newsroom-web"]
    assert pdb["spec"]["selector"] == web["spec"]["selector"]
    assert pdb["spec"]["minAvailable"] < hpa["spec"]["minReplicas"]
    service = RESOURCES["Service", "newsroom-web"]
    assert service["spec"]["selector"] == web["spec"]["selector"]["matchLabels"]


def test_secrets_are_referenced_never_embedded():
    assert not [key for key in RESOURCES if key[0] == "Secret"]
    config = RESOURCES["ConfigMap", "newsroom"]["data"]
    for name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "AWS_SECRET_ACCESS_KEY"):
        assert name not in config
    for kind, name in RESOURCES:
        if kind not in {"Deployment", "Job", "CronJob"}:
            continue
        for container in pod(kind, name)["containers"]:
            for var in container.get("env", []):
                if var["name"] in {"DJANGO_SECRET_KEY", "DATABASE_URL", "AWS_SECRET_ACCESS_KEY"}:
                    assert "value" not in var, (name, var["name"])
                    assert var["valueFrom"]["secretKeyRef"]["name"] == "newsroom"


def test_nothing_runs_as_root():
    for kind, name in RESOURCES:
        if kind in {"Deployment", "Job", "CronJob"}:
            assert pod(kind, name)["securityContext"]["runAsNonRoot"] is True, name


def test_the_trash_is_emptied_daily_with_the_release_image_and_its_settings():
    cronjob = RESOURCES["CronJob", "newsroom-purge-trash"]
    assert cronjob["spec"]["concurrencyPolicy"] == "Forbid"
    (job,) = pod("CronJob", "newsroom-purge-trash")["containers"]
    assert job["args"] == ["python", "manage.py", "purge_trash"]
    (web,) = pod("Deployment", "newsroom-web")["containers"]
    assert job["image"] == web["image"]
    assert job["envFrom"] == web["envFrom"]
