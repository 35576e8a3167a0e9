"""Each extractor component on a few hand-written lines (text with tab-separated tables), apart from the others."""

from __future__ import annotations

from extract.components.objectives_list import find_list_start, read_objectives_list
from extract.components.objectives_table import find_objectives_table, measures, read_objectives_table
from extract.components.plan_tables import read_plan_tables
from extract.components.task_tables import read_task_tables
from extract.outline import build_outline
from extract.readers.text import read_text

MTCL_LIST = """MỤC TIÊU CHẤT LƯỢNG NĂM 2026
1. Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 98%.
2. Giảm thời gian chờ đợi:
- tối đa 25 phút/01 lần;
- trên 25% giao dịch dưới 10 phút/1 lần.
3. 100% cán bộ được tập huấn.
KẾ HOẠCH THỰC HIỆN MỤC TIÊU
Mục tiêu 1: Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 95%
STT\tNội dung công việc\tChủ trì\tPhối hợp\tThời gian
1\tRà soát quy trình\tVăn phòng\tCác phòng\tQuý I/2026
Mục tiêu 3: 100% cán bộ được tập huấn
STT\tNội dung công việc\tChủ trì\tPhối hợp\tThời gian
1\tMở lớp tập huấn\tPhòng Nội vụ\t\tTháng 5/2026
"""


def test_objectives_list_reads_items_with_their_bullets_and_stops_at_the_plan() -> None:
    doc = read_text(MTCL_LIST.encode())
    start = find_list_start(doc.blocks)
    assert start is not None and doc.blocks[start].text.startswith("1.")
    found = read_objectives_list(build_outline(doc), start)
    assert [o.id for o in found.objectives] == ["1", "2", "3"]
    two = found.objectives[1]
    assert two.texts == ["Giảm thời gian chờ đợi:", "tối đa 25 phút/01 lần;", "trên 25% giao dịch dưới 10 phút/1 lần."]
    assert [(t.comparator.value, t.value, t.unit, t.per) for t in two.targets] == [
        ("le", 25.0, "phút", "lần"), ("gt", 25.0, "%", None)]
    assert "KẾ HOẠCH" not in " ".join(found.objectives[2].texts)  # the plan's heading ends the list
    assert doc.blocks[found.end].text.startswith("KẾ HOẠCH")


def test_plan_tables_tie_rows_by_objective_headings_and_warn_on_a_restated_figure() -> None:
    doc = read_text(MTCL_LIST.encode())
    start = find_list_start(doc.blocks)
    assert start is not None
    found = read_objectives_list(build_outline(doc), start)
    plan = read_plan_tables(doc.blocks, found.end, found.objectives, found.claimed, 2026)
    assert plan.found
    assert [t.content for t in found.objectives[0].tasks] == ["Rà soát quy trình"]
    assert [t.content for t in found.objectives[2].tasks] == ["Mở lớp tập huấn"]
    task = found.objectives[0].tasks[0]
    assert [u.name for u in task.lead_units] == ["Văn phòng"] and str(task.timeframe.start) == "2026-01-01"
    assert [w.code for w in plan.warnings] == ["conflict_target"]  # 95% in the plan, 98% in the list


def test_objectives_table_rows_and_measures() -> None:
    text = ("STT\tMục tiêu chất lượng\tĐo lường kết quả\tBiện pháp thực hiện\tTrách nhiệm\tThời gian hoàn thành\n"
            "1\t100% hồ sơ được giải quyết đúng hạn\tBáo cáo tháng\t- Niêm yết công khai. - Theo dõi hằng tuần\t"
            "Bộ phận một cửa\tHằng tháng\n")
    doc = read_text(text.encode())
    at = find_objectives_table(doc.blocks)
    assert at == 0
    (obj,) = read_objectives_table(doc.blocks[at], 2026)
    assert obj.measurement == "Báo cáo tháng" and [(t.value, t.unit) for t in obj.targets] == [(100.0, "%")]
    assert [t.content for t in obj.tasks] == ["Niêm yết công khai.", "Theo dõi hằng tuần"]
    assert {t.timeframe.recurrence for t in obj.tasks} == {"P1M"}
    assert measures("Một biện pháp") == ["Một biện pháp"]


def test_task_tables_keep_sections_and_skip_agendas_and_taken_tables() -> None:
    text = ("KẾ HOẠCH\n"
            "STT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian\n"
            "TUYÊN TRUYỀN\tTUYÊN TRUYỀN\tTUYÊN TRUYỀN\tTUYÊN TRUYỀN\tTUYÊN TRUYỀN\n"  # a merged row, repeated
            "1\tTổ chức hội nghị\tCông an tỉnh\tSở Tư pháp\tQuý II/2026\n"
            "Chương trình hội nghị\n"
            "Thời gian\tNội dung\tChủ trì\n"
            "08h00 - 08h30\tĐón tiếp đại biểu\tVăn phòng\n"
            "08h30 - 09h00\tKhai mạc\tLãnh đạo tỉnh\n")
    doc = read_text(text.encode())
    tables = [i for i, b in enumerate(doc.blocks) if b.rows]
    tasks, claimed = read_task_tables(doc.blocks, set(), 2026)
    assert claimed == {tables[0]}  # the agenda (clock times) is no plan
    (task,) = tasks
    assert task.section == "TUYÊN TRUYỀN" and [u.name for u in task.lead_units] == ["Công an tỉnh"]
    assert read_task_tables(doc.blocks, {tables[0]}, 2026) == ([], set())  # a table another layer holds
    # an agenda whose sub-items and closing item leave their time empty is still an agenda
    agenda = ("CHƯƠNG TRÌNH HỘI NGHỊ\n"
              "STT\tNội dung\tThời gian\tNgười thực hiện\n"
              "1\tKhai mạc\t14h00 - 14h05\tSở Nội vụ\n"
              "2\tBáo cáo, tham luận\t14h05 - 15h00\t\n"
              "2.1\tCải cách thể chế\t\tSở Tư pháp\n"
              "2.2\tCải cách tài chính công\t\tSở Tài chính\n"
              "2.3\tChuyển đổi số\t\tSở Khoa học và Công nghệ\n"
              "3\tBế mạc\t\t\n")
    assert read_task_tables(read_text(agenda.encode()).blocks, set(), 2026) == ([], set())


def test_a_plans_year_from_its_title() -> None:
    from extract.structure import _plan_title_year

    assert _plan_title_year("Thực hiện cải cách hành chính năm 2026") == 2026
    assert _plan_title_year("Chuyển đổi số trong công tác xây dựng Đảng giai đoạn 2026 - 2030") == 2030
    # a horizon of the programme it carries out, or a title of several years, says no year of its own
    assert _plan_title_year("Tổ chức Hội nghị triển khai Chương trình mục tiêu quốc gia đến năm 2030") is None
    assert _plan_title_year("Tổng kết Chiến lược đến năm 2020 và định hướng đến năm 2030, gắn với tổng kết "
                            "Chương trình giai đoạn 2021 - 2025") is None
    # the year reviewed, then the year whose tasks it launches
    assert _plan_title_year("Hội nghị đánh giá công tác năm 2025, triển khai nhiệm vụ năm 2026") == 2026
    assert _plan_title_year("Sơ kết công tác năm 2024 và năm 2025") is None


TASK_LIST = """V/v triển khai các nhiệm vụ trọng tâm
1. Hoàn thiện hạ tầng công nghệ thông tin
(1) Sao lưu, duy trì các cơ sở dữ liệu của hệ thống cũ.
- Đơn vị chủ trì thực hiện: Văn phòng UBND tỉnh.
- Đơn vị phối hợp: Các sở, ban, ngành; UBND các xã, phường.
- Thời gian hoàn thành: Trong tháng 8/2025.
(2) Bảo đảm an ninh mạng cho hệ thống.
- Đơn vị thực hiện: Công an tỉnh chủ trì, phối hợp với Sở Khoa học Công nghệ.
- Thời gian hoàn thành: Thực hiện thường xuyên.
2. Tuyên truyền
(1) Tuyên truyền trên các phương tiện thông tin đại chúng.
- Đơn vị thực hiện: Sở Văn hóa Thể thao Du lịch.
- Thời gian hoàn thành: Trước ngày 30/9/2025.
"""

INVITATION = """GIẤY MỜI
1. Nội dung: Họp đánh giá công tác năm 2025.
- Chủ trì: Đồng chí Phó Chủ tịch UBND tỉnh.
- Thời gian: 14 giờ 00, ngày 22/01/2026.
"""


def test_task_lists_read_items_with_labelled_lines_as_tasks() -> None:
    from extract.components.task_lists import labelled, read_task_lists

    assert labelled("- Thời gian hoàn thành: Trong tháng 8/2025.") == ("time", "Trong tháng 8/2025")
    assert labelled("- Kính gửi: Sở Nội vụ") is None
    found = read_task_lists(build_outline(read_text(TASK_LIST.encode())), None)
    tasks = [t for _, t in found.tasks]
    assert [(t.number, t.section) for t in tasks] == [
        ("1", "Hoàn thiện hạ tầng công nghệ thông tin"), ("2", "Hoàn thiện hạ tầng công nghệ thông tin"),
        ("1", "Tuyên truyền")]
    one, two, three = tasks
    assert one.content == "Sao lưu, duy trì các cơ sở dữ liệu của hệ thống cũ."
    assert [u.name for u in one.lead_units] == ["Văn phòng Ủy ban nhân dân tỉnh"]
    assert [u.name for u in one.support_units] == ["Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"]
    assert (one.timeframe.kind.value, str(one.timeframe.start), str(one.timeframe.end)) == (
        "period", "2025-08-01", "2025-08-31")
    assert [u.name for u in two.lead_units] == ["Công an tỉnh"]
    assert [u.name for u in two.support_units] == ["Sở Khoa học và Công nghệ"]
    assert two.timeframe.kind.value == "continuous"
    assert [u.name for u in three.lead_units] == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert (three.timeframe.kind.value, str(three.timeframe.end)) == ("deadline", "2025-09-30")


def test_a_meeting_chaired_by_a_person_is_no_task() -> None:
    from extract.components.task_lists import read_task_lists

    assert read_task_lists(build_outline(read_text(INVITATION.encode())), None).tasks == []


def test_the_year_commitments_are_for() -> None:
    from extract.structure import extract_structure

    def year(text: str) -> int | None:
        return extract_structure(read_text(text.encode())).year

    # a report reviewing a strategy "đến năm 2030": its forward part is for the year its commitments name
    assert year("""BÁO CÁO
Tổng kết Chiến lược quốc gia phòng, chống ma túy đến năm 2030
III. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI
1. Bảo đảm hoàn tất việc mở rộng thêm 2,5 ha đất trong Quý I/2026 theo Quyết định số 12/QĐ-UBND ngày 03/4/2024.
2. Tiếp tục tuyên truyền.
""") == 2026


def test_a_reports_forward_part_without_a_year_is_for_the_year_it_is_dated() -> None:
    from extract.structure import extract_structure

    text = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số: /BC-UBND
Lâm Đồng, ngày tháng 3 năm 2026
BÁO CÁO
Tổng kết Chương trình phòng, chống ma túy giai đoạn 2021 - 2025
I. KẾT QUẢ
Năm 2025 đã xử lý 120 vụ.
II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM TRONG THỜI GIAN TỚI
1. Bảo đảm 100% số người nghiện có hồ sơ quản lý.
2. Tiếp tục tuyên truyền.
"""
    # the title names the period reported on; the forward part is for the year of the report's date
    assert extract_structure(read_text(text.encode())).year == 2026


def test_commitments_without_a_year_are_for_the_term_or_horizon_named_above() -> None:
    from extract.structure import extract_structure

    def year(text: str) -> int | None:
        return extract_structure(read_text(text.encode())).year

    assert year("""BÁO CÁO
Kết quả Đại hội
PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC HỘI NHIỆM KỲ I (2025 — 2030)
IV. Chỉ tiêu:
1. Đến cuối nhiệm kỳ có 70% xã, phường có Hội.
2. Phấn đấu có ít nhất 80% hội viên tham gia các hoạt động của Hội.
""") == 2030
    # a law named by its year is a reference, not the horizon
    assert year("""THAM LUẬN
Dự án 6 là một dự án thuộc Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030.
I. Nội dung trọng tâm của Dự án 6
Thứ nhất là, hoàn thiện văn bản, bảo đảm thống nhất với Luật Phòng, chống ma túy năm 2021.
Thứ hai là, tổ chức tập huấn cho hơn 13.000 cán bộ y tế các tuyến.
""") == 2030
