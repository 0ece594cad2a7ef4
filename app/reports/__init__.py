"""Results for officers (URLs under ``/officers/reports``): the dashboard and representativeness, exports, and the
report workspace (summary, priorities, "You said, we did" actions, themes and pinned quotes). The tallies, report
builders and export writers they use are services in this package.

``create_blueprint`` is the package's one URL table: each line maps a URL to the view function that serves it."""

from __future__ import annotations

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from app.reports import download_exports as exports
    from app.reports import view_dashboard as dashboard
    from app.reports import write_report as report

    bp = Blueprint("reports", __name__, url_prefix="/officers/reports")
    one = "/<int:consultation_id>"
    bp.add_url_rule(one, view_func=dashboard.show_dashboard)
    bp.add_url_rule(f"{one}/population", view_func=dashboard.upload_profile, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/exports/<key>", view_func=exports.start_export, methods=["POST"])
    bp.add_url_rule(f"{one}/exports/<int:job_id>", view_func=exports.show_export)
    bp.add_url_rule(f"{one}/exports/<int:job_id>/download", view_func=exports.download_export)
    bp.add_url_rule(f"{one}/report", view_func=report.show_report)
    bp.add_url_rule(f"{one}/report/summary", view_func=report.update_summary, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/report/priorities", view_func=report.list_priorities)
    bp.add_url_rule(
        f"{one}/report/priorities/new",
        endpoint="create_priority",
        view_func=report.update_priority,
        methods=["GET", "POST"],
    )
    bp.add_url_rule(
        f"{one}/report/priorities/<int:priority_id>", view_func=report.update_priority, methods=["GET", "POST"]
    )
    bp.add_url_rule(
        f"{one}/report/priorities/<int:priority_id>/delete", view_func=report.delete_priority, methods=["POST"]
    )
    bp.add_url_rule(
        f"{one}/report/actions/new", endpoint="create_action", view_func=report.update_action, methods=["GET", "POST"]
    )
    bp.add_url_rule(f"{one}/report/actions/<int:action_id>", view_func=report.update_action, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/report/actions/<int:action_id>/delete", view_func=report.delete_action, methods=["POST"])
    bp.add_url_rule(f"{one}/report/themes", view_func=report.list_report_themes)
    bp.add_url_rule(f"{one}/report/themes/<key>", view_func=report.update_report_theme, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/report/themes/<key>/pins/<int:answer_id>", view_func=report.pin_quote, methods=["POST"])
    bp.add_url_rule(
        f"{one}/report/themes/<key>/pins/<int:answer_id>/delete", view_func=report.unpin_quote, methods=["POST"]
    )
    bp.add_app_template_global(report.results_trail, "results_trail")
    return bp
