"""Writes programme.json, the built-in example: run it after changing the programme below.

    python resources/examples/build_programme.py

The matrix is written out by hand here (roles, people, phases, deliverables and their codes) so
every cell is a decision someone could defend in a programme board, and the few conflicts in it
are deliberate (see INTENDED in tests/test_examples.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from ramdesk.model import builtin_scheme  # noqa: E402
from ramdesk.model.serialize import from_data, to_data  # noqa: E402

NAME = "Atlas infrastructure modernisation programme"
PROPERTIES = {
    "Programme": "Atlas: move the regional offices onto the new data centre and cloud platforms",
    "Owner": "Programme Office",
    "Version": "2.3 (baseline for the stage-gate review)",
    "Scheme note": "RACI-VS: V verifies against acceptance criteria, S signs off the verification.",
}

# ---------------------------------------------------------------------------- columns
ROLE_GROUPS = [
    ("Sponsor", "Who funds the programme and answers for its benefits."),
    ("Programme team", "Runs the programme day to day."),
    ("Platforms", "Designs and builds the technical platforms."),
    ("Assurance", "Independent checks on security and quality."),
    ("Operations", "Runs the services after go-live."),
]

# key, name, band, R&R text
ROLES = [
    (
        "BO",
        "Business Owner",
        "Sponsor",
        "Sponsors the programme and owns the business case; chairs the steering committee; "
        "takes the go/no-go decision; signs off acceptance on behalf of the business.",
    ),
    (
        "FIN",
        "Finance Business Partner",
        "Sponsor",
        "Holds the programme budget with the Business Owner; approves spend against it; "
        "reports actuals and forecasts to finance every month.",
    ),
    (
        "PM",
        "Programme Manager",
        "Programme team",
        "Drives delivery on schedule, to scope and within budget; tracks schedule and budget "
        "variances; owns status reporting, the risk register and escalations to the steering "
        "committee.",
    ),
    (
        "TPM",
        "Technical Project Manager",
        "Programme team",
        "Plans and tracks the technical work across the platforms; owns the integrated technical "
        "schedule, the cut-over plan and the dependencies between platform teams.",
    ),
    (
        "TL",
        "Technical Lead",
        "Programme team",
        "Leads the technical planning, design, coding and testing; escalates issues; provides "
        "guidance on change control and security set-up; chairs the design authority.",
    ),
    (
        "PMO",
        "PMO Analyst",
        "Programme team",
        "Keeps the plan, the RAID log and the financial tracker current; prepares status "
        "reports and steering committee packs.",
    ),
    (
        "NET",
        "Network Lead",
        "Platforms",
        "Designs and delivers the wide-area and data centre networks, firewalls and load "
        "balancing; accountable for network readiness.",
    ),
    (
        "DC",
        "Data Centre & Compute Lead",
        "Platforms",
        "Designs and delivers the data centre fit-out, servers and the virtualisation platform; "
        "accountable for the environment builds.",
    ),
    (
        "STO",
        "Storage & Backup Lead",
        "Platforms",
        "Designs and delivers storage, backup and disaster-recovery replication; accountable "
        "for recoverability.",
    ),
    (
        "IAM",
        "Identity & Access Lead",
        "Platforms",
        "Designs and delivers the directory, single sign-on and privileged access; accountable "
        "for who can reach what. (Seat open: to be appointed.)",
    ),
    (
        "APP",
        "Applications Lead",
        "Platforms",
        "Owns the application landscape: system interfaces, data conversion and the "
        "applications' move onto the new platforms.",
    ),
    (
        "INF",
        "Infrastructure Engineers",
        "Platforms",
        "Build, configure and document network, compute, storage and identity components to "
        "the approved designs.",
    ),
    (
        "AE",
        "Application Engineers",
        "Platforms",
        "Build interfaces and conversion routines, configure applications and fix defects.",
    ),
    (
        "SEC",
        "Security Officer",
        "Assurance",
        "Sets the security requirements; reviews designs and firewall changes; commissions "
        "penetration tests; accepts or escalates security risks.",
    ),
    (
        "TM",
        "Test Manager",
        "Assurance",
        "Owns the test strategy and the test environments' readiness; verifies that each "
        "deliverable meets its acceptance criteria before sign-off.",
    ),
    (
        "CM",
        "Change Manager",
        "Operations",
        "Runs change control: the change advisory board, the change calendar and release "
        "approvals for production.",
    ),
    (
        "SO",
        "Service Owner",
        "Operations",
        "Owns the live service after hand-over: support model, service levels and operational "
        "acceptance.",
    ),
    (
        "SD",
        "Service Desk Lead",
        "Operations",
        "Prepares the service desk for go-live: scripts, knowledge articles, hypercare rota.",
    ),
]

# name, job title, e-mail, roles held (the Identity & Access Lead's seat is open)
PEOPLE = [
    ("Margaret Okafor", "Chief Operating Officer", "m.okafor@example.org", ["BO"]),
    ("Daniel Brenner", "Finance, IT portfolio", "d.brenner@example.org", ["FIN"]),
    ("Priya Raman", "Senior programme manager", "p.raman@example.org", ["PM"]),
    (
        "Tomás Herrera",
        "Technical project manager; also covers test management until a Test Manager starts",
        "t.herrera@example.org",
        ["TPM", "TM"],
    ),
    (
        "Wei Zhang",
        "Principal architect; also leads the applications platform",
        "w.zhang@example.org",
        ["TL", "APP"],
    ),
    ("Sofia Lindqvist", "Programme office", "s.lindqvist@example.org", ["PMO"]),
    ("Kwame Mensah", "Network architect", "k.mensah@example.org", ["NET"]),
    (
        "Hannah Becker",
        "Infrastructure manager; leads compute and storage",
        "h.becker@example.org",
        ["DC", "STO"],
    ),
    ("Ravi Patel", "Infrastructure engineer", "r.patel@example.org", ["INF"]),
    ("Elena Novak", "Infrastructure engineer", "e.novak@example.org", ["INF"]),
    ("Jonas Weber", "Integration developer", "j.weber@example.org", ["AE"]),
    ("Aisha Khan", "Data engineer", "a.khan@example.org", ["AE"]),
    ("Olivia Grant", "Information security officer", "o.grant@example.org", ["SEC"]),
    ("Fiona Walsh", "IT change manager", "f.walsh@example.org", ["CM"]),
    (
        "Marcus Reid",
        "Head of IT service; also leads the service desk",
        "m.reid@example.org",
        ["SO", "SD"],
    ),
]

# ---------------------------------------------------------------------------- rows
# A group is (name, description, [children]); a deliverable is (name, description, "codes").
# Codes: "ROLE:CODE ROLE:CODE ..." with the role keys above.


def G(name: str, description: str, *children: tuple) -> tuple:
    return (name, description, list(children))


def D(name: str, description: str, codes: str) -> tuple:
    return (name, description, codes)


ROWS = [
    G(
        "1. Initiation and planning",
        "From the approved business case to a baselined plan.",
        G(
            "Programme management",
            "Plans, money, reporting and control of the whole programme.",
            D(
                "Programme charter",
                "Objectives, scope, governance and tolerances agreed with the sponsor.",
                "BO:A PM:R TL:C FIN:C PMO:I TPM:I",
            ),
            D(
                "Integrated programme plan",
                "One plan across platforms with milestones, dependencies and the critical path.",
                "PM:A TPM:R PMO:R TL:C BO:I",
            ),
            D(
                "Programme budget and cost tracking",
                "Budget by platform and phase; actuals, commitments and forecast each month.",
                "FIN:A PMO:R PM:C BO:I",
            ),
            D(
                "Schedule variance analysis",
                "Planned against actual progress per milestone, with causes and recovery actions.",
                "PM:A PMO:R TPM:C TL:I",
            ),
            D(
                "Budget variance analysis",
                "Spend against budget per platform, with forecast to complete and corrections.",
                "PM:A FIN:R PMO:R BO:I",
            ),
            D(
                "Weekly status report",
                "Progress, RAG status, decisions needed and top risks, every Friday.",
                "PM:A PMO:R TPM:C BO:I SO:I",
            ),
            D(
                "Steering committee pack",
                "Monthly pack for the steering committee: status, money, risks, decisions.",
                "PM:A PMO:R TL:C FIN:C BO:I",
            ),
            D(
                "Risk register",
                "Risks with owners, likelihood, impact and responses, reviewed every fortnight.",
                "PM:A PMO:R TL:C SEC:C TPM:C",
            ),
            D(
                "Issue log and escalations",
                "Open issues, owners and due dates; what goes to the steering committee.",
                "PM:A/R PMO:R TPM:C BO:I",
            ),
            D(
                "Dependency register",
                "Hand-offs between platform teams and with suppliers, with dates and owners.",
                "TPM:A PMO:R TL:C NET:C DC:I",
            ),
            D(
                "Staffing and resourcing plan",
                "Who is needed when, from where: internal teams, contractors and suppliers.",
                "PM:A TPM:R TL:C FIN:C",
            ),
            D(
                "Supplier contracts and statements of work",
                "Contracts for hardware, licences and services, with deliverables and payments.",
                "FIN:A PM:R TL:C SEC:C BO:I",
            ),
        ),
        G(
            "Architecture and standards",
            "The shape of the target platforms and the rules designs follow.",
            D(
                "Target architecture",
                "The end state across network, compute, storage, identity and applications.",
                "TL:A/R NET:C DC:C APP:C SEC:I PM:I",
            ),
            D(
                "Technical standards and design principles",
                "Naming, patterns, supported versions and what the design authority will accept.",
                "TL:A INF:R AE:R SEC:C",
            ),
            D(
                "Security requirements and threat model",
                "Controls every platform must meet, from the threats the programme faces.",
                "SEC:A TL:R IAM:C NET:C",
            ),
            D(
                "Capacity and performance targets",
                "Expected load, growth and response times the platforms are sized for.",
                "TL:A DC:R APP:R STO:C SO:C",
            ),
        ),
    ),
    G(
        "2. Design and build",
        "Each platform from design through build to a working environment.",
        G(
            "Network",
            "Wide-area, data centre and perimeter networks.",
            G(
                "Network design",
                "Designs approved by the design authority before anything is ordered.",
                D(
                    "Wide-area network design",
                    "Links between the regional offices and the data centres, with resilience.",
                    "NET:A INF:R TL:C SEC:C",
                ),
                D(
                    "Data centre network design",
                    "Spine-leaf fabric, segmentation and addressing in the new data centre.",
                    "NET:A INF:R DC:C SEC:C",
                ),
            ),
            G(
                "Network build",
                "Network components installed and configured to the approved designs.",
                D(
                    "Data centre network build",
                    "Switches and fabric installed, configured and tested to the design.",
                    "NET:A INF:R TM:V TPM:I",
                ),
                D(
                    "Firewall rules and segmentation",
                    "Rule base per zone, reviewed by security before it goes live.",
                    "NET:A INF:R SEC:V TL:I",
                ),
                D(
                    "Load balancer configuration",
                    "Virtual servers, health checks and certificates for each service.",
                    "NET:A INF:R APP:C",
                ),
            ),
        ),
        G(
            "Data centre and compute",
            "Hosting, servers and the virtualisation platform.",
            G(
                "Compute design",
                "Sizing and the virtualisation platform, approved before hardware is ordered.",
                D(
                    "Compute capacity plan",
                    "Hosts and clusters sized from the capacity targets, with headroom.",
                    "DC:A INF:R TL:C FIN:I",
                ),
                D(
                    "Virtualisation platform design",
                    "Clusters, templates, patching and placement rules.",
                    "DC:A INF:R TL:C SEC:C",
                ),
            ),
            G(
                "Environment builds",
                "Development, test, pre-production and production environments.",
                D(
                    "Hardware procurement and racking",
                    "Servers ordered, delivered, racked, cabled and burnt in.",
                    "DC:A INF:R FIN:C TPM:I",
                ),
                D(
                    "Development environment",
                    "A working environment for the application engineers.",
                    "DC:A INF:R AE:C TPM:I",
                ),
                D(
                    "Test environment",
                    "Production-like environment for integration and performance testing.",
                    "DC:A INF:R TM:C TPM:I",
                ),
                D(
                    "Pre-production environment",
                    "Identical to production, used for rehearsals and final checks.",
                    "DC:A INF:R TM:V TPM:I",
                ),
                D(
                    "Production environment",
                    "The live environment, built and hardened before any service moves.",
                    "DC:A INF:R SEC:V CM:I SO:I",
                ),
                D(
                    "Monitoring and alerting",
                    "Metrics, logs and alerts for every platform, wired to the operations team.",
                    "DC:A INF:R SO:C SD:I",
                ),
            ),
        ),
        G(
            "Storage and backup",
            "Primary storage, backup and disaster recovery.",
            D(
                "Storage design",
                "Tiers, capacity and performance classes for each service.",
                "STO:A INF:R TL:C",
            ),
            D(
                "Backup and recovery design",
                "What is backed up, how often, kept how long, restored how fast.",
                "STO:A INF:R SO:C SEC:C",
            ),
            D(
                "Storage build",
                "Arrays installed, configured and presented to the compute clusters.",
                "STO:A INF:R TPM:I",
            ),
            D(
                "Disaster-recovery replication",
                "Replication to the second site, with recovery points and times measured.",
                "STO:A INF:R TM:V SO:I",
            ),
        ),
        G(
            "Identity and access",
            "Directory, single sign-on and privileged access.",
            D(
                "Directory design",
                "Forest, domains, organisational units and group policy.",
                "IAM:A INF:R TL:C SEC:C",
            ),
            D(
                "Single sign-on integration",
                "Every migrated application signs in through the identity provider.",
                "IAM:A AE:R APP:C SEC:C",
            ),
            D(
                "Privileged access management",
                "Vaulted administrator accounts, session recording and break-glass access.",
                "SEC:A IAM:R INF:R SO:I",
            ),
            D(
                "Role-based access model",
                "Who may reach which system, by job role, agreed with the business.",
                "IAM:A SEC:R BO:C SO:C",
            ),
        ),
        G(
            "Applications",
            "The applications, their interfaces and their data.",
            G(
                "System interfaces",
                "Everything that moves data between systems.",
                D(
                    "Interface catalogue",
                    "Every interface with its owner, protocol, volume and schedule.",
                    "APP:A AE:R TL:C",
                ),
                D(
                    "Application integration design",
                    "How the applications talk to each other on the new platforms.",
                    "TL:A APP:A AE:R SEC:C",
                ),
                D(
                    "HR system interfaces",
                    "Feeds between HR, payroll and the directory.",
                    "APP:A AE:R IAM:C TM:V",
                ),
                D(
                    "Finance system interfaces",
                    "Feeds between finance, purchasing and the data warehouse.",
                    "APP:A AE:R FIN:C TM:V",
                ),
                D(
                    "Interface monitoring",
                    "Failed and late transfers raise an alert to the service desk.",
                    "APP:A AE:R SD:C SO:I",
                ),
            ),
            G(
                "Data conversion",
                "Moving the data from the legacy systems.",
                D(
                    "Data conversion strategy",
                    "What moves, what is archived, how and when; the order of the loads.",
                    "APP:A AE:R TL:C BO:C",
                ),
                D(
                    "Data mapping and cleansing rules",
                    "Field-by-field mapping from legacy to target, and the cleansing rules.",
                    "APP:A AE:R BO:C",
                ),
                D(
                    "Conversion trial runs",
                    "Three full trial loads, timed, with defects fixed between them.",
                    "APP:A AE:R TM:C TPM:I",
                ),
                D(
                    "Data reconciliation report",
                    "Counts and totals from legacy and target agree, or the gap is explained.",
                    "APP:A AE:R TM:V BO:I TL:C",
                ),
            ),
            G(
                "Application migration",
                "Each application moved onto the new platforms, with licences in order.",
                D(
                    "Application migration runbooks",
                    "Step-by-step moves for each application, with rollback.",
                    "APP:A AE:R INF:C",
                ),
                D(
                    "Licence transfer and compliance",
                    "Licences moved to the new platforms without breaching terms.",
                    "FIN:A APP:R TL:I",
                ),
            ),
        ),
    ),
    G(
        "3. Test",
        "Evidence that the platforms and applications work together.",
        D(
            "Test strategy",
            "Test levels, entry and exit criteria, environments and defect handling.",
            "TM:A/R TL:C PM:I",
        ),
        D(
            "Test environment readiness",
            "Environments, data and tools ready before each test phase starts.",
            "TM:A INF:R DC:C TPM:I",
        ),
        D(
            "System integration testing",
            "End-to-end flows across the platforms and interfaces.",
            "TM:A AE:R INF:R APP:C",
        ),
        D(
            "Performance and load testing",
            "The platforms meet the capacity and performance targets under load.",
            "TM:A AE:R TL:C DC:C",
        ),
        D(
            "Security penetration testing",
            "Independent testing of the perimeter and the applications.",
            "SEC:A TM:R NET:C TL:I",
        ),
        D(
            "Disaster-recovery test",
            "A full failover to the second site and back, within the recovery times.",
            "STO:A INF:R TM:V SO:C TL:C",
        ),
        D(
            "User acceptance testing",
            "Business users confirm the migrated services do what they need.",
            "SO:A TM:R BO:S PM:I",
        ),
        D(
            "Defect triage",
            "Daily triage of open defects: priority, owner and fix date.",
            "TM:A AE:R TPM:C TL:C",
        ),
        D(
            "Test completion report",
            "What was tested, what passed, what is left and the risks of going live.",
            "PM:A TM:R BO:I SO:I",
        ),
    ),
    G(
        "4. Deploy and transition",
        "Moving the services over and handing them to operations.",
        G(
            "Change control and security set-up",
            "Production changes under control, and security in place before go-live.",
            D(
                "Change advisory board approvals",
                "Every production change approved through change control before it happens.",
                "CM:A TPM:R TL:C SO:I",
            ),
            D(
                "Release plan",
                "Which services move in which release, with freeze periods and fall-back dates.",
                "TPM:A APP:R CM:C SO:I",
            ),
            D(
                "Security set-up and access provisioning",
                "Accounts, groups, certificates and secrets in place before go-live.",
                "SEC:A IAM:R INF:R TL:C",
            ),
            D(
                "Security accreditation",
                "Formal statement that the platforms meet the security requirements.",
                "BO:A SEC:R TL:C",
            ),
        ),
        G(
            "Cut-over",
            "The go-live weekend: plan, rehearsal, decision and support.",
            D(
                "Cut-over plan",
                "The hour-by-hour plan for the go-live weekend, with go/no-go points.",
                "PM:A TPM:R TL:C CM:C SO:I",
            ),
            D(
                "Cut-over runbook",
                "Every step of the cut-over with its owner, duration and rollback, rehearsed.",
                "TPM:R TL:A TM:V INF:C AE:C",
            ),
            D(
                "Cut-over rehearsal",
                "A full dress rehearsal in pre-production, timed against the plan.",
                "TPM:A INF:R AE:R TM:C TL:C",
            ),
            D(
                "Go/no-go decision",
                "The decision to go live, on the evidence of testing and readiness.",
                "BO:A PM:A PMO:R TM:C SO:C",
            ),
            D(
                "Go-live support",
                "Engineers on call through the cut-over and the first business day.",
                "TPM:A INF:R AE:R SD:C TL:C APP:C",
            ),
            D(
                "Hypercare",
                "Two weeks of extended support after go-live, with daily reviews.",
                "SO:A SD:R AE:R TPM:C TL:C",
            ),
        ),
        G(
            "Hand-over to operations",
            "Operations take over the services, ready to run them alone.",
            D(
                "Support model and service levels",
                "Who supports what, when, and how fast, agreed with the business.",
                "SO:A SD:R BO:C",
            ),
            D(
                "Operational runbooks",
                "Routine operations, start-up, shut-down and recovery for each platform.",
                "SO:A INF:R SD:C",
            ),
            D(
                "Knowledge transfer",
                "Sessions and documents that leave the operations team self-sufficient.",
                "TL:A INF:R AE:R SD:C",
            ),
            D(
                "Service desk readiness",
                "Scripts, knowledge articles and categories in the service desk tool.",
                "SD:A/R SO:C",
            ),
            D(
                "Operational acceptance",
                "Operations accept the service: runbooks, monitoring, support all in place.",
                "SO:A SD:R TM:V BO:S",
            ),
        ),
    ),
    G(
        "5. Closure",
        "Closing the programme and the systems it replaced.",
        D(
            "Legacy decommissioning plan",
            "How and when the old servers, links and licences are switched off and disposed of.",
            "DC:R NET:R APP:C FIN:C",
        ),
        D(
            "Benefits realisation review",
            "Whether the business case's benefits arrived, six months after go-live.",
            "BO:A PM:R FIN:C",
        ),
        D(
            "Lessons learned",
            "What to repeat and what to avoid, gathered from every team.",
            "PM:A PMO:R TL:C TPM:C",
        ),
        D(
            "Programme closure report",
            "Final scope, cost, schedule and open actions handed to their new owners.",
            "PM:A PMO:R BO:I FIN:I",
        ),
    ),
]


def build() -> dict:
    keys = [k for k, *_ in ROLES]
    bands = [name for name, _ in ROLE_GROUPS]

    def row(item: tuple) -> dict:
        name, description, body = item
        if isinstance(body, list):
            out = {"group": name, "rows": [row(c) for c in body]}
            if description:
                out = {"group": name, "description": description, "rows": out["rows"]}
            return out
        cells: dict[int, list[str]] = {}
        for pair in body.split():
            key, code = pair.split(":")
            cells.setdefault(keys.index(key), []).extend(code.split("/"))
        codes = [[i, "/".join(dict.fromkeys(cells[i]))] for i in sorted(cells)]
        return {"deliverable": name, "description": description, "codes": codes}

    data = {
        "format": "ramdesk-matrix",
        "version": 1,
        "name": NAME,
        "properties": PROPERTIES,
        "scheme": builtin_scheme("raci-vs").to_dict(),
        "role_groups": [{"name": n, "description": d} for n, d in ROLE_GROUPS],
        "roles": [
            {"name": name, "description": text, "group": bands.index(band)}
            for _key, name, band, text in ROLES
        ],
        "people": [
            {"name": n, "description": t, "email": e, "roles": [keys.index(k) for k in held]}
            for n, t, e, held in PEOPLE
        ],
        "rows": [row(r) for r in ROWS],
    }
    # Round-trip through the model so the file is exactly what to_data writes.
    return to_data(from_data(data))


def main() -> None:
    data = build()
    out = HERE / "programme.json"
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    matrix = from_data(data)
    print(f"{out.name}: {len(matrix.deliverables)} deliverables, {len(matrix.roles)} roles")
    for p in matrix.problems():
        print(f"  {p.severity:7} {p.rule:26} {p.message}")


if __name__ == "__main__":
    main()
