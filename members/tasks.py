"""Background tasks of the roster: imports and exports. Each takes a job's primary key and does the work through
``importing`` / ``exporting``; progress and outcome are kept on the job, which the pages and the API poll."""

from django_tasks import task


@task()
def import_members_task(job_id: int) -> str:
    """Import the roster uploaded with job ``job_id`` (see ``importing.run_import_job``)."""
    from .importing import run_import_job

    return run_import_job(job_id)


@task()
def export_members_task(job_id: int) -> str:
    """Write the roster export of job ``job_id`` (see ``exporting.run_export_job``)."""
    from .exporting import run_export_job

    return run_export_job(job_id)
