"""Fictional official data files: Ofsted, KS2, KS4, absence and exclusions.

Writes, for the same fictional schools as ``generator.py``, the files an LA downloads
from Ofsted and the DfE, byte for byte in their published formats
(shared/formats/README.md sections 2 to 4; every header is the verbatim list in
shared/formats/columns/, embedded below):

* Ofsted "Management information - state-funded schools - latest inspections as at
  <date>" (Windows-1252, every field quoted, CRLF, ``dd/mm/yyyy``, ``NULL`` in some
  empty cells) in its three eras: section 8 (31 Aug 2023), graded / ungraded (31 Aug
  2025) and report cards (31 Jan 2026, 31 Oct 2026). One row per open state-funded
  school (16 to 19 academies are in Ofsted's further education data, not here). Each
  school has one inspection history, so an inspection keeps its number in every file;
  an academy lists its predecessor's inspections with "No" in "Does the ... relate to
  the URN of the current school?".
* DfE Compare School Performance ``YYYY-YYYY_england_ks2final.csv`` (2022/23 with
  progress, 2023/24 without) and ``2022-2023_england_ks4final.csv`` (UTF-8, CRLF,
  ``%`` suffixes, ``SUPP`` / ``NE`` / ``NP`` / ``LOWCOV`` / ``NA`` markers, RECTYPE 1 and
  2 school rows, 4 LA rows, 5 England and 7 England maintained schools).
* Explore Education Statistics ``ks2_school_attainment_data.csv`` (2024/25),
  ``202324_`` and ``202425_performance_tables_schools_final.csv``,
  ``1a_absence_3term_school.csv`` and ``exc_school.csv`` (UTF-8, LF, ``c`` / ``x`` /
  ``z`` / ``low`` markers), each with School, Local authority and National rows.

  One deliberate departure: the DfE's list for ``ks2_school_attainment_data.csv`` has no
  LA columns, so it could not say which LA a "Local authority" row is. This file adds
  ``old_la_code``, ``new_la_code`` and ``la_name`` after ``country_name``, named and
  placed as in the other EES files (:data:`KS2_EES_HEADER`).

``size="area"`` writes Northshire (LA 989, from ``build_area``) and, so that percentile
ranks have a national population, about ten invented schools in each of about 150 other
LAs (the national world's LA codes and names, plus the statistical neighbours in
``DEFAULT_NEIGHBOURS["989"]``; URNs from 186000, which neither generated world uses).
LA rows are written for 989 (the sum of its schools) and for its neighbours (each
standing for a whole LA). ``size="national"`` writes the same formats for every state-
funded school of the national GIAS world (the same seed gives the same URNs as
``generate_national``) with LA rows for every LA, and only the latest Ofsted file.

Results follow a latent quality per school (shared by a school and the academy that
replaced it), its disadvantage and its LA, with noise that shrinks with cohort size.
:data:`DETERIORATING` and :data:`IMPROVING` name the Northshire schools whose figures
move steadily year on year, for demonstrations. The same seed gives byte-identical
files. Pure Python: no Django.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from school_improvement.indicators.neighbours import DEFAULT_NEIGHBOURS
from school_improvement.schools.demo.generator import (
    AREA_LA_CODE,
    DEFAULT_SEED,
    MAT_FLAG,
    NATIONAL_LA_COUNT,
    NATIONAL_TRUSTS,
    OPEN_STATE_PER_LA,
    REGIONS,
    Area,
    K,
    LaBuilder,
    Link,
    Registry,
    School,
    _build_national_la,
    _Codes,
    _generated_area,
    _national_areas,
    _village_name,
    build_area,
    census_day,
)


def _lines(text: str) -> tuple[str, ...]:
    """One name per line (Ofsted's names have spaces), exactly as written."""
    return tuple(text.strip("\n").split("\n"))


def _words(text: str) -> tuple[str, ...]:
    """Names separated by white space (DfE names have none)."""
    return tuple(text.split())


# ---------------------------------------------------------------------------------------
# Headers, verbatim

# Section 8 era (c. 2019 to 2023). The list is alphabetical: the real file order is not
# known (shared/formats/columns/ofsted_mi_latest_inspections_section8_era_c2019-2023__
# ALPHABETICAL_not_file_order.txt), and readers find columns by name.
OFSTED_SECTION8_HEADER: tuple[str, ...] = _lines(
    """
Admissions policy
Behaviour and attitudes
Category of concern
Date of latest section 8 inspection
Designated religious character
Did the latest section 8 inspection convert to a full inspection?
Does the latest full inspection relate to the URN of the current school?
Does the previous full inspection relate to the URN of the current school?
Does the section 8 inspection relate to the URN of the current school?
Early years provision (where applicable)
Effectiveness of leadership and management
Event type grouping
Faith grouping
Inspection end date
Inspection number of latest full inspection
Inspection start date
Inspection type
Inspection type grouping
LAESTAB
LAESTAB at time of latest full inspection
LAESTAB at time of previous full inspection
LAESTAB at time of the section 8 inspection
Latest section 8 inspection number since last full inspection
Local authority
Number of other section 8 inspections since last full inspection
Number of section 8 inspections since the last full inspection
Ofsted phase
Ofsted region
Overall effectiveness
Parliamentary constituency
Personal development
Previous behaviour and attitudes
Previous category of concern
Previous early years provision (where applicable)
Previous effectiveness of leadership and management
Previous full inspection number
Previous full inspection overall effectiveness
Previous inspection end date
Previous inspection start date
Previous personal development
Previous publication date
Previous quality of education
Previous safeguarding is effective?
Previous sixth form provision (where applicable)
Publication date
Quality of education
Religious ethos
Safeguarding is effective?
School name
School name at time of latest full inspection
School name at time of previous full inspection
School name at time of the latest section 8 inspection
School open date
School type at time of latest full inspection
School type at time of previous full inspection
School type at time of the latest section 8 inspection
Section 8 inspection overall outcome
Section 8 inspection publication date
Sixth form
Sixth form provision (where applicable)
The income deprivation affecting children index (IDACI) quintile
Total number of pupils
Type of education
URN
URN at time of latest full inspection
URN at time of previous full inspection
URN at time of the section 8 inspection
Web link
"""
)

# Graded / ungraded era (c. 2023 to October 2025), in file order
# (columns/ofsted_mi_latest_inspections_graded_ungraded_era_c2023-2025__JT-39.txt).
OFSTED_GRADED_HEADER: tuple[str, ...] = _lines(
    """
Web link
URN
LAESTAB
School name
Ofsted phase
Type of education
School open date
Admissions policy
Sixth form
Designated religious character
Religious ethos
Faith grouping
Ofsted region
Region
Local authority
Parliamentary constituency
Postcode
The income deprivation affecting children index (IDACI) quintile
Total number of pupils
Latest ungraded inspection number since last graded inspection
Does the ungraded inspection relate to the URN of the current school?
URN at time of the ungraded inspection
LAESTAB at time of the ungraded inspection
School name at time of the ungraded inspection
School type at time of the ungraded inspection
Number of ungraded inspections since the last graded inspection
Date of latest ungraded inspection
Ungraded inspection publication date
Did the latest ungraded inspection convert to a graded inspection?
Ungraded inspection overall outcome
Number of monitoring and urgent inspections since last graded inspection
Inspection number of latest graded inspection
Inspection type
Inspection type grouping
Event type grouping
Inspection start date
Inspection end date
Publication date
Does the latest graded inspection relate to the URN of the current school?
URN at time of latest graded inspection
LAESTAB at time of latest graded inspection
School name at time of latest graded inspection
School type at time of latest graded inspection
Overall effectiveness
Category of concern
Quality of education
Behaviour and attitudes
Personal development
Effectiveness of leadership and management
Safeguarding is effective?
Early years provision (where applicable)
Sixth form provision (where applicable)
Previous graded inspection number
Previous inspection start date
Previous inspection end date
Previous publication date
Does the previous graded inspection relate to the URN of the current school?
URN at time of previous graded inspection
LAESTAB at time of previous graded inspection
School name at time of previous graded inspection
School type at time of previous graded inspection
Previous graded inspection overall effectiveness
Previous category of concern
Previous quality of education
Previous behaviour and attitudes
Previous personal development
Previous effectiveness of leadership and management
Previous safeguarding is effective?
Previous early years provision (where applicable)
Previous sixth form provision (where applicable)
"""
)

# Report-card era (from November 2025), in file order (columns/ofsted_mi_latest_
# inspections_reportcard_era_from_Nov2025__D2_most_recent.txt). Note the double space
# in 'Latest OEIF  safeguarding is effective?', as Ofsted writes it.
OFSTED_REPORT_CARD_HEADER: tuple[str, ...] = _lines(
    """
Web Link (opens in new window)
URN
LAESTAB
School name
Ofsted phase
Type of education
School open date
Admissions policy
Sixth form
Designated religious character
Religious ethos
Faith grouping
Ofsted region
Region
Local authority
Parliamentary constituency
Postcode
Multi-academy trust UID
Multi-academy trust name
Academy sponsor UID
Academy sponsor name
The income deprivation affecting children index (IDACI) quintile
Total number of pupils
Statutory lowest age
Statutory highest age
Inspection number of latest full inspection
Inspection type
Inspection type grouping
Event type grouping
Inspection start date
Publication date
Does the latest full inspection relate to the URN of the current school?
URN at time of latest full inspection
LAESTAB at time of latest full inspection
School name at time of latest full inspection
School type at time of latest full inspection
Category of concern
Safeguarding standards
Safeguarding standards - date of grade
Inclusion
Inclusion - date of grade
Curriculum and teaching
Curriculum and teaching - date of grade
Achievement
Achievement - date of grade
Attendance and behaviour
Attendance and behaviour - date of grade
Personal development and wellbeing
Personal development and wellbeing - date of grade
Early years (where applicable)
Early years - date of grade
Post-16 provision (where applicable)
Post-16 provision - date of grade
Leadership and governance
Leadership and governance - date of grade
Inspection number of latest OEIF graded inspection
Inspection type of latest OEIF graded inspection
Inspection type grouping of latest OEIF graded inspection
Event type grouping of latest OEIF graded inspection
Inspection start date of latest OEIF graded inspection
Publication date of latest OEIF graded inspection
Does the latest OEIF graded inspection relate to the URN of the current school?
URN at time of latest OEIF graded inspection
LAESTAB at time of latest OEIF graded inspection
School name at time of latest OEIF graded inspection
School type at time of latest OEIF graded inspection
Latest OEIF category of concern
Latest OEIF overall effectiveness
Latest OEIF quality of education
Latest OEIF behaviour and attitudes
Latest OEIF personal development
Latest OEIF effectiveness of leadership and management
Latest OEIF  safeguarding is effective?
Latest OEIF early years provision (where applicable)
Latest OEIF sixth form provision (where applicable)
Latest ungraded inspection number
Date of latest ungraded inspection
Ungraded inspection publication date
Does the ungraded inspection relate to the URN of the current school?
URN at time of the ungraded inspection
LAESTAB at time of the ungraded inspection
School name at time of the ungraded inspection
School type at time of the ungraded inspection
Ungraded inspection overall outcome
Most recent category of concern
"""
)

# The 290 FieldName values of the DfE KS2 2016/17 dictionary
# (shared/data/real/dfe_ks2_meta_2017.csv), stripped, in its order.
KS2_FIELDS_2017: tuple[str, ...] = _words(
    """
RECTYPE AlphaIND LEA ESTAB URN SCHNAME ADDRESS1 ADDRESS2 ADDRESS3 TOWN PCODE TELNUM
URN_AC SCHNAME_AC OPEN_AC NFTYPE ICLOSE RELDENOM AGERANGE CONFEXAM TAB15 TAB1618
TOTPUPS TPUPYEAR TELIG BELIG GELIG PBELIG PGELIG TKS1AVERAGE TKS1GROUP_L
PTKS1GROUP_L TKS1GROUP_M PTKS1GROUP_M TKS1GROUP_H PTKS1GROUP_H TKS1GROUP_NA
PTKS1GROUP_NA TFSM6CLA1A PTFSM6CLA1A TNotFSM6CLA1A PTNotFSM6CLA1A TEALGRP2 PTEALGRP2
TMOBN PTMOBN TSENELSE PSENELSE PTRWM_EXP PTRWM_HIGH READPROG READPROG_LOWER
READPROG_UPPER READCOV WRITPROG WRITPROG_LOWER WRITPROG_UPPER WRITCOV MATPROG
MATPROG_LOWER MATPROG_UPPER MATCOV PTREAD_EXP PTREAD_HIGH PTREAD_AT READ_AVERAGE
PTGPS_EXP PTGPS_HIGH PTGPS_AT GPS_AVERAGE PTMAT_EXP PTMAT_HIGH PTMAT_AT MAT_AVERAGE
PTWRITTA_EXP PTWRITTA_HIGH PTWRITTA_WTS PTWRITTA_AD PTSCITA_EXP PTSCITA_AD
PTREADTA_EXP PTREADTA_AD PTMATTA_EXP PTMATTA_AD PTRWM_EXP_B PTRWM_EXP_G PTRWM_EXP_L
PTRWM_EXP_M PTRWM_EXP_H PTRWM_EXP_FSM6CLA1A PTRWM_EXP_NotFSM6CLA1A DIFFN_RWM_EXP
PTRWM_EXP_EAL PTRWM_EXP_MOBN PTRWM_HIGH_B PTRWM_HIGH_G PTRWM_HIGH_L PTRWM_HIGH_M
PTRWM_HIGH_H PTRWM_HIGH_FSM6CLA1A PTRWM_HIGH_NotFSM6CLA1A DIFFN_RWM_HIGH
PTRWM_HIGH_EAL PTRWM_HIGH_MOBN READPROG_B READPROG_B_LOWER READPROG_B_UPPER
READPROG_G READPROG_G_LOWER READPROG_G_UPPER READPROG_L READPROG_L_LOWER
READPROG_L_UPPER READPROG_M READPROG_M_LOWER READPROG_M_UPPER READPROG_H
READPROG_H_LOWER READPROG_H_UPPER READPROG_FSM6CLA1A READPROG_FSM6CLA1A_LOWER
READPROG_FSM6CLA1A_UPPER READPROG_NotFSM6CLA1A READPROG_NotFSM6CLA1A_LOWER
READPROG_NotFSM6CLA1A_UPPER DIFFN_READPROG READPROG_EAL READPROG_EAL_LOWER
READPROG_EAL_UPPER READPROG_MOBN READPROG_MOBN_LOWER READPROG_MOBN_UPPER WRITPROG_B
WRITPROG_B_LOWER WRITPROG_B_UPPER WRITPROG_G WRITPROG_G_LOWER WRITPROG_G_UPPER
WRITPROG_L WRITPROG_L_LOWER WRITPROG_L_UPPER WRITPROG_M WRITPROG_M_LOWER
WRITPROG_M_UPPER WRITPROG_H WRITPROG_H_LOWER WRITPROG_H_UPPER WRITPROG_FSM6CLA1A
WRITPROG_FSM6CLA1A_LOWER WRITPROG_FSM6CLA1A_UPPER WRITPROG_NotFSM6CLA1A
WRITPROG_NotFSM6CLA1A_LOWER WRITPROG_NotFSM6CLA1A_UPPER DIFFN_WRITPROG WRITPROG_EAL
WRITPROG_EAL_LOWER WRITPROG_EAL_UPPER WRITPROG_MOBN WRITPROG_MOBN_LOWER
WRITPROG_MOBN_UPPER MATPROG_B MATPROG_B_LOWER MATPROG_B_UPPER MATPROG_G
MATPROG_G_LOWER MATPROG_G_UPPER MATPROG_L MATPROG_L_LOWER MATPROG_L_UPPER MATPROG_M
MATPROG_M_LOWER MATPROG_M_UPPER MATPROG_H MATPROG_H_LOWER MATPROG_H_UPPER
MATPROG_FSM6CLA1A MATPROG_FSM6CLA1A_LOWER MATPROG_FSM6CLA1A_UPPER
MATPROG_NotFSM6CLA1A MATPROG_NotFSM6CLA1A_LOWER MATPROG_NotFSM6CLA1A_UPPER
DIFFN_MATPROG MATPROG_EAL MATPROG_EAL_LOWER MATPROG_EAL_UPPER MATPROG_MOBN
MATPROG_MOBN_LOWER MATPROG_MOBN_UPPER READ_AVERAGE_B READ_AVERAGE_G READ_AVERAGE_L
READ_AVERAGE_M READ_AVERAGE_H READ_AVERAGE_FSM6CLA1A READ_AVERAGE_NotFSM6CLA1A
READ_AVERAGE_EAL READ_AVERAGE_MOBN MAT_AVERAGE_B MAT_AVERAGE_G MAT_AVERAGE_L
MAT_AVERAGE_M MAT_AVERAGE_H MAT_AVERAGE_FSM6CLA1A MAT_AVERAGE_NotFSM6CLA1A
MAT_AVERAGE_EAL MAT_AVERAGE_MOBN GPS_AVERAGE_B GPS_AVERAGE_G GPS_AVERAGE_L
GPS_AVERAGE_M GPS_AVERAGE_H GPS_AVERAGE_FSM6CLA1A GPS_AVERAGE_NotFSM6CLA1A
GPS_AVERAGE_EAL GPS_AVERAGE_MOBN PTREAD_EXP_L PTREAD_EXP_M PTREAD_EXP_H
PTREAD_EXP_FSM6CLA1A PTREAD_EXP_NotFSM6CLA1A PTGPS_EXP_L PTGPS_EXP_M PTGPS_EXP_H
PTGPS_EXP_FSM6CLA1A PTGPS_EXP_NotFSM6CLA1A PTMAT_EXP_L PTMAT_EXP_M PTMAT_EXP_H
PTMAT_EXP_FSM6CLA1A PTMAT_EXP_NotFSM6CLA1A PTWRITTA_EXP_L PTWRITTA_EXP_M
PTWRITTA_EXP_H PTWRITTA_EXP_FSM6CLA1A PTWRITTA_EXP_NotFSM6CLA1A PTREAD_HIGH_L
PTREAD_HIGH_M PTREAD_HIGH_H PTREAD_HIGH_FSM6CLA1A PTREAD_HIGH_NotFSM6CLA1A
PTGPS_HIGH_L PTGPS_HIGH_M PTGPS_HIGH_H PTGPS_HIGH_FSM6CLA1A PTGPS_HIGH_NotFSM6CLA1A
PTMAT_HIGH_L PTMAT_HIGH_M PTMAT_HIGH_H PTMAT_HIGH_FSM6CLA1A PTMAT_HIGH_NotFSM6CLA1A
PTWRITTA_HIGH_L PTWRITTA_HIGH_M PTWRITTA_HIGH_H PTWRITTA_HIGH_FSM6CLA1A
PTWRITTA_HIGH_NotFSM6CLA1A TEALGRP1 PTEALGRP1 TEALGRP3 PTEALGRP3 TSENELAPK
PSENELSAPK TSENELE PSENELE TSENELK PSENELK TSENELST PSENELST TSENELSAP PSENELSAP
SENELN PSENELN PTFSM6CLA1A_16 PTNOTFSM6CLA1A_16 PTRWM_EXP_16 PTRWM_HIGH_16
PTRWM_EXP_FSM6CLA1A_16 PTRWM_EXP_NotFSM6CLA1A_16 PTRWM_HIGH_FSM6CLA1A_16
PTRWM_HIGH_NotFSM6CLA1A_16 READPROG_16 READPROG_LOWER_16 READPROG_UPPER_16
WRITPROG_16 WRITPROG_LOWER_16 WRITPROG_UPPER_16 MATPROG_16 MATPROG_LOWER_16
MATPROG_UPPER_16 READ_AVERAGE_16 MAT_AVERAGE_16
"""
)

# EES ks2_school_attainment_data.csv as the DfE lists it
# (columns/dfe_sap__manual_ks2_school_attainment_data.txt).
KS2_EES_ATTAINMENT_HEADER_VERBATIM: tuple[str, ...] = _words(
    """
time_period time_identifier geographic_level country_code country_name version
school_urn school_laestab school_name breakdown_topic breakdown subject
expected_standard_pupil_percent higher_standard_pupil_percent average_scaled_score
progress_measure_score progress_measure_lower_conf_interval
progress_measure_upper_conf_interval absent_or_not_able_to_access_percent
working_towards_expected_standard_pupil_percent absent_or_disapplied_percent
progress_measure_unadjusted progress_measure_description
"""
)

# CSCP 2022-2023_england_ks4final.csv, 515 columns
# (columns/ks4_cscp_england_ks4final_2022-23_UPPERCASED.txt).
KS4_CSCP_HEADER: tuple[str, ...] = _words(
    """
RECTYPE LEA ESTAB URN SCHNAME SCHNAME_AC ADDRESS1 ADDRESS2 ADDRESS3 TOWN PCODE
TELNUM PCON_CODE PCON_NAME CONTFLAG ICLOSE NFTYPE RELDENOM ADMPOL ADMPOL_PT EGENDER
FEEDER TABKS2 TAB1618 AGERANGE TOTPUPS NUMBOYS NUMGIRLS TPUP BPUP PBPUP GPUP PGPUP
KS2ASS TPRIORLO PTPRIORLO TPRIORAV PTPRIORAV TPRIORHI PTPRIORHI TFSM6CLA1A
PTFSM6CLA1A TNOTFSM6CLA1A PTNOTFSM6CLA1A TEALGRP2 PTEALGRP2 TEALGRP1 PTEALGRP1
TEALGRP3 PTEALGRP3 TNMOB PTNMOB SENE4 PSENE4 SEN_ALL4 PSEN_ALL4 SENK4 PSENK4 TOTATT8
ATT8SCR TOTATT8ENG ATT8SCRENG TOTATT8MAT ATT8SCRMAT TOTATT8EBAC ATT8SCREBAC
TOTATT8OPEN ATT8SCROPEN TOTATT8OPENG ATT8SCROPENG TOTATT8OPENNG ATT8SCROPENNG
AVGEBACFILL AVGOPENFILL P8PUP TP8ADJ P8MEACOV P8MEA P8CILOW P8CIUPP P8MEA_ORIG
P8CILOW_ORIG P8CIUPP_ORIG P8MEAENG P8MEAENG_CILOW P8MEAENG_CIUPP P8MEAMAT
P8MEAMAT_CILOW P8MEAMAT_CIUPP P8MEAEBAC P8MEAEBAC_CILOW P8MEAEBAC_CIUPP P8MEAOPEN
P8MEAOPEN_CILOW P8MEAOPEN_CIUPP PTL2BASICS_94 PTL2BASICS_95 TOTEBACCAPS EBACCAPS
EBACCAPS_FSM6CLA1A EBACCAPS_NFSM6CLA1A EBACCAPS_LO EBACCAPS_MID EBACCAPS_HI
EBACCAPS_EAL EBACCAPS_GIRLS EBACCAPS_BOYS EBACCAPS_NMOB EBACCAPS_21
EBACCAPS_FSM6CLA1A_21 EBACCAPS_NFSM6CLA1A_21 EBACCAPS_22 EBACCAPS_FSM6CLA1A_22
EBACCAPS_NFSM6CLA1A_22 TEBACC_E_PTQ_EE PTEBACC_E_PTQ_EE PTEBACC_94 PTEBACC_95
TEBACENG_E_PTQ_EE PTEBACENG_E_PTQ_EE TEBACMAT_E_PTQ_EE PTEBACMAT_E_PTQ_EE
TEBAC2SCI_E_PTQ_EE PTEBAC2SCI_E_PTQ_EE TEBACHUM_E_PTQ_EE PTEBACHUM_E_PTQ_EE
TEBACLAN_E_PTQ_EE PTEBACLAN_E_PTQ_EE PTEBACENG_94 PTEBACENG_95 PTEBACMAT_94
PTEBACMAT_95 PTEBAC2SCI_94 PTEBAC2SCI_95 PTEBACHUM_94 PTEBACHUM_95 PTEBACLAN_94
PTEBACLAN_95 SCIVAPUP_PTQ_EE SCIVACOV_PTQ_EE HUMVAPUP_PTQ_EE HUMVACOV_PTQ_EE
LANVAPUP_PTQ_EE LANVACOV_PTQ_EE SCIVAMEA_PTQ_EE SCIVALOW_PTQ_EE SCIVAUPP_PTQ_EE
HUMVAMEA_PTQ_EE HUMVALOW_PTQ_EE HUMVAUPP_PTQ_EE LANVAMEA_PTQ_EE LANVALOW_PTQ_EE
LANVAUPP_PTQ_EE TEBACENG_94 TEBACENG_95 TEBACMAT_94 TEBACMAT_95 TEBAC2SCI_94
TEBAC2SCI_95 TEBACHUM_94 TEBACHUM_95 TEBACLAN_94 TEBACLAN_95 TEBACC91 PTEBACC91
TEBACENG91 PTEBACENG91 TEBACMAT91 PTEBACMAT91 TEBAC2SCI91 PTEBAC2SCI91 TEBACHUM91
PTEBACHUM91 TEBACLAN91 PTEBACLAN91 ATT8SCR_FSM6CLA1A P8PUP_FSM6CLA1A
TP8ADJ_FSM6CLA1A P8MEA_FSM6CLA1A P8CILOW_FSM6CLA1A P8CIUPP_FSM6CLA1A
P8MEA_FSM6CLA1A_ORIG P8CILOW_FSM6CLA1A_ORIG P8CIUPP_FSM6CLA1A_ORIG
ATT8SCR_NFSM6CLA1A P8PUP_NFSM6CLA1A TP8ADJ_NFSM6CLA1A P8MEA_NFSM6CLA1A
P8CILOW_NFSM6CLA1A P8CIUPP_NFSM6CLA1A P8MEA_NFSM6CLA1A_ORIG P8CILOW_NFSM6CLA1A_ORIG
P8CIUPP_NFSM6CLA1A_ORIG ATT8SCRENG_FSM6CLA1A P8MEAENG_FSM6CLA1A
P8MEAENG_CILOW_FSM6CLA1A P8MEAENG_CIUPP_FSM6CLA1A ATT8SCRMAT_FSM6CLA1A
P8MEAMAT_FSM6CLA1A P8MEAMAT_CILOW_FSM6CLA1A P8MEAMAT_CIUPP_FSM6CLA1A
ATT8SCREBAC_FSM6CLA1A P8MEAEBAC_FSM6CLA1A P8MEAEBAC_CILOW_FSM6CLA1A
P8MEAEBAC_CIUPP_FSM6CLA1A ATT8SCROPEN_FSM6CLA1A P8MEAOPEN_FSM6CLA1A
P8MEAOPEN_CILOW_FSM6CLA1A P8MEAOPEN_CIUPP_FSM6CLA1A ATT8SCRENG_NFSM6CLA1A
P8MEAENG_NFSM6CLA1A P8MEAENG_CILOW_NFSM6CLA1A P8MEAENG_CIUPP_NFSM6CLA1A
ATT8SCRMAT_NFSM6CLA1A P8MEAMAT_NFSM6CLA1A P8MEAMAT_CILOW_NFSM6CLA1A
P8MEAMAT_CIUPP_NFSM6CLA1A ATT8SCREBAC_NFSM6CLA1A P8MEAEBAC_NFSM6CLA1A
P8MEAEBAC_CILOW_NFSM6CLA1A P8MEAEBAC_CIUPP_NFSM6CLA1A ATT8SCROPEN_NFSM6CLA1A
P8MEAOPEN_NFSM6CLA1A P8MEAOPEN_CILOW_NFSM6CLA1A P8MEAOPEN_CIUPP_NFSM6CLA1A
ATT8SCROPENG_FSM6CLA1A ATT8SCROPENNG_FSM6CLA1A ATT8SCROPENG_NFSM6CLA1A
ATT8SCROPENNG_NFSM6CLA1A DIFFN_ATT8 DIFFN_P8MEA ATT8SCR_LO P8PUP_LO TP8ADJ_LO
P8MEA_LO P8CILOW_LO P8CIUPP_LO P8MEA_LO_ORIG P8CILOW_LO_ORIG P8CIUPP_LO_ORIG
ATT8SCR_MID P8PUP_MID TP8ADJ_MID P8MEA_MID P8CILOW_MID P8CIUPP_MID P8MEA_MID_ORIG
P8CILOW_MID_ORIG P8CIUPP_MID_ORIG ATT8SCR_HI P8PUP_HI TP8ADJ_HI P8MEA_HI P8CILOW_HI
P8CIUPP_HI P8MEA_HI_ORIG P8CILOW_HI_ORIG P8CIUPP_HI_ORIG ATT8SCR_EAL ATT8SCRENG_EAL
ATT8SCRMAT_EAL ATT8SCREBAC_EAL ATT8SCROPEN_EAL ATT8SCROPENG_EAL ATT8SCROPENNG_EAL
P8PUP_EAL TP8ADJ_EAL P8MEA_EAL P8CILOW_EAL P8CIUPP_EAL P8MEA_EAL_ORIG
P8CILOW_EAL_ORIG P8CIUPP_EAL_ORIG ATT8SCR_GIRLS ATT8SCRENG_GIRLS ATT8SCRMAT_GIRLS
ATT8SCREBAC_GIRLS ATT8SCROPEN_GIRLS ATT8SCROPENG_GIRLS ATT8SCROPENNG_GIRLS
P8PUP_GIRLS TP8ADJ_GIRLS P8MEA_GIRLS P8CILOW_GIRLS P8CIUPP_GIRLS P8MEA_GIRLS_ORIG
P8CILOW_GIRLS_ORIG P8CIUPP_GIRLS_ORIG ATT8SCR_BOYS ATT8SCRENG_BOYS ATT8SCRMAT_BOYS
ATT8SCREBAC_BOYS ATT8SCROPEN_BOYS ATT8SCROPENG_BOYS ATT8SCROPENNG_BOYS P8PUP_BOYS
TP8ADJ_BOYS P8MEA_BOYS P8CILOW_BOYS P8CIUPP_BOYS P8MEA_BOYS_ORIG P8CILOW_BOYS_ORIG
P8CIUPP_BOYS_ORIG ATT8SCR_NMOB ATT8SCRENG_NMOB ATT8SCRMAT_NMOB ATT8SCREBAC_NMOB
ATT8SCROPEN_NMOB ATT8SCROPENG_NMOB ATT8SCROPENNG_NMOB P8PUP_NMOB TP8ADJ_NMOB
P8MEA_NMOB P8CILOW_NMOB P8CIUPP_NMOB P8MEA_NMOB_ORIG P8CILOW_NMOB_ORIG
P8CIUPP_NMOB_ORIG ATT8SCR_21 P8PUP_21 P8MEA_21 P8CILOW_21 P8CIUPP_21
ATT8SCR_FSM6CLA1A_21 P8PUP_FSM6CLA1A_21 P8MEA_FSM6CLA1A_21 P8CILOW_FSM6CLA1A_21
P8CIUPP_FSM6CLA1A_21 ATT8SCR_NFSM6CLA1A_21 P8PUP_NFSM6CLA1A_21 P8MEA_NFSM6CLA1A_21
P8CILOW_NFSM6CLA1A_21 P8CIUPP_NFSM6CLA1A_21 ATT8SCR_22 P8PUP_22 P8MEA_22 P8CILOW_22
P8CIUPP_22 ATT8SCR_FSM6CLA1A_22 P8PUP_FSM6CLA1A_22 P8MEA_FSM6CLA1A_22
P8CILOW_FSM6CLA1A_22 P8CIUPP_FSM6CLA1A_22 ATT8SCR_NFSM6CLA1A_22 P8PUP_NFSM6CLA1A_22
P8MEA_NFSM6CLA1A_22 P8CILOW_NFSM6CLA1A_22 P8CIUPP_NFSM6CLA1A_22 TEBACC_ELO_PTQ_EE
PTEBACC_ELO_PTQ_EE PTEBACCLO_94 PTEBACCLO_95 TEBACC_EAV_PTQ_EE PTEBACC_EAV_PTQ_EE
PTEBACCAV_94 PTEBACCAV_95 TEBACC_EHI_PTQ_EE PTEBACC_EHI_PTQ_EE PTEBACCHI_94
PTEBACCHI_95 PTEBACC_EFSM6CLA1A_PTQ_EE PTEBACC_ENFSM6CLA1A_PTQ_EE
PTEBACC_94_FSM6CLA1A PTEBACC_95_FSM6CLA1A PTEBACC_94_NFSM6CLA1A
PTEBACC_95_NFSM6CLA1A SCIVAMEA_LO_PTQ_EE SCIVAMEA_MID_PTQ_EE SCIVAMEA_HI_PTQ_EE
SCIVAMEA_FSM6CLA1A_PTQ_EE SCIVAMEA_NFSM6CLA1A_PTQ_EE HUMVAMEA_LO_PTQ_EE
HUMVAMEA_MID_PTQ_EE HUMVAMEA_HI_PTQ_EE HUMVAMEA_FSM6CLA1A_PTQ_EE
HUMVAMEA_NFSM6CLA1A_PTQ_EE LANVAMEA_LO_PTQ_EE LANVAMEA_MID_PTQ_EE LANVAMEA_HI_PTQ_EE
LANVAMEA_FSM6CLA1A_PTQ_EE LANVAMEA_NFSM6CLA1A_PTQ_EE SCIVAUPP_FSM6CLA1A_PTQ_EE
SCIVALOW_FSM6CLA1A_PTQ_EE SCIVAUPP_NFSM6CLA1A_PTQ_EE SCIVALOW_NFSM6CLA1A_PTQ_EE
SCIVAUPP_LO_PTQ_EE SCIVALOW_LO_PTQ_EE SCIVAUPP_MID_PTQ_EE SCIVALOW_MID_PTQ_EE
SCIVAUPP_HI_PTQ_EE SCIVALOW_HI_PTQ_EE HUMVAUPP_FSM6CLA1A_PTQ_EE
HUMVALOW_FSM6CLA1A_PTQ_EE HUMVAUPP_NFSM6CLA1A_PTQ_EE HUMVALOW_NFSM6CLA1A_PTQ_EE
HUMVAUPP_LO_PTQ_EE HUMVALOW_LO_PTQ_EE HUMVAUPP_MID_PTQ_EE HUMVALOW_MID_PTQ_EE
HUMVAUPP_HI_PTQ_EE HUMVALOW_HI_PTQ_EE LANVAUPP_FSM6CLA1A_PTQ_EE
LANVALOW_FSM6CLA1A_PTQ_EE LANVAUPP_NFSM6CLA1A_PTQ_EE LANVALOW_NFSM6CLA1A_PTQ_EE
LANVAUPP_LO_PTQ_EE LANVALOW_LO_PTQ_EE LANVAUPP_MID_PTQ_EE LANVALOW_MID_PTQ_EE
LANVAUPP_HI_PTQ_EE LANVALOW_HI_PTQ_EE PTEBACC_E_21_PTQ_EE PTEBACC_94_21
PTEBACC_95_21 PTEBACC_E_22_PTQ_EE PTEBACC_94_22 PTEBACC_95_22 PBEBACC_E_PTQ_EE
PBEBACC_94 PBEBACC_95 PGEBACC_E_PTQ_EE PGEBACC_94 PGEBACC_95 PTEBACC_ENMOB_PTQ_EE
PTEBACCNMOB_94 PTEBACCNMOB_95 PTEBACC_EEAL_PTQ_EE PTEBACCEAL_94 PTEBACCEAL_95
PTEBACC_EFSM6CLA1A_21 PTEBACC_94_FSM6CLA1A_21 PTEBACC_95_FSM6CLA1A_21
PTEBACC_ENFSM6CLA1A_21 PTEBACC_94_NFSM6CLA1A_21 PTEBACC_95_NFSM6CLA1A_21
PTEBACC_EFSM6CLA1A_22 PTEBACC_94_FSM6CLA1A_22 PTEBACC_95_FSM6CLA1A_22
PTEBACC_ENFSM6CLA1A_22 PTEBACC_94_NFSM6CLA1A_22 PTEBACC_95_NFSM6CLA1A_22 PT5EM_94
PT5EM_94_21 PT5EM_94_22 PTANYQ_PTQ_EE PTL2BASICS_94_21 PTL2BASICS_95_21
PTL2BASICS_94_22 PTL2BASICS_95_22 PTFSM6CLA1ABASICS_94 PTNOTFSM6CLA1ABASICS_94
TBASICSLO_94 PTBASICSLO_94 TBASICSAV_94 PTBASICSAV_94 TBASICSHI_94 PTBASICSHI_94
PBL2BASICS_94 PGL2BASICS_94 PTL2BASICSEAL_94 PTL2BASICSNMOB_94 PTFSM6CLA1ABASICS_95
PTNOTFSM6CLA1ABASICS_95 TBASICSLO_95 PTBASICSLO_95 TBASICSAV_95 PTBASICSAV_95
TBASICSHI_95 PTBASICSHI_95 PBL2BASICS_95 PGL2BASICS_95 PTL2BASICSEAL_95
PTL2BASICSNMOB_95 PTFSM6CLA1ABASICS_94_21 PTFSM6CLA1ABASICS_95_21
PTNOTFSM6CLA1ABASICS_94_21 PTNOTFSM6CLA1ABASICS_95_21 PTFSM6CLA1ABASICS_94_22
PTFSM6CLA1ABASICS_95_22 PTNOTFSM6CLA1ABASICS_94_22 PTNOTFSM6CLA1ABASICS_95_22
PTMULTILAN_E PTTRIPLESCI_E TFSM6CLA1A_21 PTFSM6CLA1A_21 TNOTFSM6CLA1A_21
PTNOTFSM6CLA1A_21 TFSM6CLA1A_22 PTFSM6CLA1A_22 TNOTFSM6CLA1A_22 PTNOTFSM6CLA1A_22
TAVENT_E_3NG_PTQ_EE TAVENT_E_3NG_LO_PTQ_EE TAVENT_E_3NG_MID_PTQ_EE
TAVENT_E_3NG_HI_PTQ_EE TAVENT_E_3NG_FSM6CLA1A_PTQ_EE TAVENT_E_3NG_NFSM6CLA1A_PTQ_EE
TAVENT_EFSM6CLA1A_21_PTQ_EE TAVENT_ENFSM6CLA1A_21_PTQ_EE TAVENT_EFSM6CLA1A_22_PTQ_EE
TAVENT_ENFSM6CLA1A_22_PTQ_EE TAVENT_G_PTQ_EE TAVENT_GLO_PTQ_EE TAVENT_GAV_PTQ_EE
TAVENT_GHI_PTQ_EE TAVENT_GFSM6CLA1A_PTQ_EE TAVENT_GNFSM6CLA1A_PTQ_EE
TAVENT_GFSM6CLA1A_21_PTQ_EE TAVENT_GNFSM6CLA1A_21_PTQ_EE TAVENT_GFSM6CLA1A_22_PTQ_EE
TAVENT_GNFSM6CLA1A_22_PTQ_EE TTOTENT_E_TOTAL_PTQ_EE TTOTENT_E_COVID_IMPACTED_PTQ_EE
PTOTENT_E_COVID_IMPACTED_PTQ_EE P8_BANDING
"""
)

# EES 202324_performance_tables_schools_final.csv, 157 columns
# (columns/ks4_ees_202324_performance_tables_schools_final.txt).
KS4_EES_2324_HEADER: tuple[str, ...] = _words(
    """
time_period time_identifier geographic_level country_code country_name
school_laestab school_urn school_name old_la_code new_la_code la_name version
establishment_type_group breakdown_topic breakdown sex disadvantage first_language
prior_attainment mobility t_pupils t_att8 avg_att8 t_entbasics pt_entbasics
t_l2basics_95 pt_l2basics_95 t_l2basics_94 pt_l2basics_94 t_ebacc_e_ptq_ee
pt_ebacc_e_ptq_ee t_ebacc_95 pt_ebacc_95 t_ebacc_94 pt_ebacc_94 t_ebaccaps
avg_ebaccaps t_inp8calc t_p8score avg_p8score p8score_ci_low p8score_ci_upp t_p8eng
avg_p8eng p8eng_ci_low p8eng_ci_upp t_p8mat avg_p8mat p8mat_ci_low p8mat_ci_upp
t_p8ebac avg_p8ebac p8ebac_ci_low p8ebac_ci_upp t_p8open avg_p8open p8open_ci_low
p8open_ci_upp t_anypass pt_anypass t_ebaceng_e pt_ebaceng_e t_ebacmat_e pt_ebacmat_e
t_ebac2sci_e pt_ebac2sci_e t_ebachum_e pt_ebachum_e t_ebaclan_e pt_ebaclan_e
t_ebaceng_95 pt_ebaceng_95 t_ebacmat_95 pt_ebacmat_95 t_ebac2sci_95 pt_ebac2sci_95
t_ebachum_95 pt_ebachum_95 t_ebaclan_95 pt_ebaclan_95 t_ebaceng_94 pt_ebaceng_94
t_ebacmat_94 pt_ebacmat_94 t_ebac2sci_94 pt_ebac2sci_94 t_ebachum_94 pt_ebachum_94
t_ebaclan_94 pt_ebaclan_94 t_att8_eng avg_att8_eng t_att8_mat avg_att8_mat
t_att8_ebac avg_att8_ebac t_att8_open avg_att8_open t_att8_open_g avg_att8_open_g
t_att8_open_ng avg_att8_open_ng t_ebac_fill avg_ebac_fill t_open_fill avg_open_fill
t_triplesci_e pt_triplesci_e t_multilan_e pt_multilan_e t_ebaceng_91 pt_ebaceng_91
t_ebacmat_91 pt_ebacmat_91 t_ebac2sci_91 pt_ebac2sci_91 t_ebachum_91 pt_ebachum_91
t_ebaclan_91 pt_ebaclan_91 t_ebacc_91 pt_ebacc_91 t_5em_94 pt_5em_94 pt_inp8calc
t_adjp8 pt_adjp8 t_p8orig avg_p8orig p8orig_ci_low p8orig_ci_upp t_inscivacalc
pt_inscivacalc t_vasci avg_vasci vasci_ci_low vasci_ci_upp t_inhumvacalc
pt_inhumvacalc t_vahum avg_vahum vahum_ci_low vahum_ci_upp t_inlanvacalc
pt_inlanvacalc t_valan avg_valan valan_ci_low valan_ci_upp t_ks4_e avg_ks4_e
t_gcse_e avg_gcse_e t_volume_e avg_volume_e t_volume_covidimpacted_e
pt_volume_covidimpacted_e
"""
)

# EES 202425_performance_tables_schools_final.csv, 156 columns, renamed
# (columns/dfe_sap__manual_202425_performance_tables_schools_final.txt).
KS4_EES_2425_HEADER: tuple[str, ...] = _words(
    """
time_period time_identifier geographic_level country_code country_name
school_laestab school_urn school_name old_la_code new_la_code la_name version
establishment_type_group breakdown_topic breakdown sex disadvantage_status
first_language prior_attainment mobility pupil_count pupil_percent attainment8_sum
attainment8_average engmath_entering_total engmath_entering_percent engmath_95_total
engmath_95_percent engmath_94_total engmath_94_percent ebacc_entering_total
ebacc_entering_percent ebacc_95_total ebacc_95_percent ebacc_94_total
ebacc_94_percent ebacc_aps_sum ebacc_aps_average progress8_pupil_count progress8_sum
progress8_average progress8_lower_95_ci progress8_upper_95_ci progress8eng_sum
progress8eng_average progress8eng_lower_95_ci progress8eng_upper_95_ci
progress8mat_sum progress8mat_average progress8mat_lower_95_ci
progress8mat_upper_95_ci progress8ebacc_sum progress8ebacc_average
progress8ebacc_lower_95_ci progress8ebacc_upper_95_ci progress8open_sum
progress8open_average progress8open_lower_95_ci progress8open_upper_95_ci
gcse_91_total gcse_91_percent ebacceng_entering_total ebacceng_entering_percent
ebaccmat_entering_total ebaccmat_entering_percent ebaccsci_entering_total
ebaccsci_entering_percent ebacchum_entering_total ebacchum_entering_percent
ebacclan_entering_total ebacclan_entering_percent ebacceng_95_total
ebacceng_95_percent ebaccmat_95_total ebaccmat_95_percent ebaccsci_95_total
ebaccsci_95_percent ebacchum_95_total ebacchum_95_percent ebacclan_95_total
ebacclan_95_percent ebacceng_94_total ebacceng_94_percent ebaccmat_94_total
ebaccmat_94_percent ebaccsci_94_total ebaccsci_94_percent ebacchum_94_total
ebacchum_94_percent ebacclan_94_total ebacclan_94_percent attainment8eng_sum
attainment8eng_average attainment8mat_sum attainment8mat_average
attainment8ebacc_sum attainment8ebacc_average attainment8open_sum
attainment8open_average attainment8open_gcse_sum attainment8open_gcse_average
attainment8open_nongcse_sum attainment8open_nongcse_average
attainment8ebacc_slotfill_total attainment8ebacc_slotfill_average
attainment8open_slotfill_total attainment8open_slotfill_average
sci_triple_entering_total sci_triple_entering_percent lan_multiple_entering_total
lan_multiple_entering_percent ebacceng_91_total ebacceng_91_percent
ebaccmat_91_total ebaccmat_91_percent ebaccsci_91_total ebaccsci_91_percent
ebacchum_91_total ebacchum_91_percent ebacclan_91_total ebacclan_91_percent
ebacc_91_total ebacc_91_percent gcse_five_engmath_total gcse_five_engmath_percent
progress8_pupil_percent progress8_adjusted_total progress8_adjusted_percent
progress8original_sum progress8original_average progress8original_lower_95_ci
progress8original_upper_95_ci valueaddedsci_pupil_count valueaddedsci_pupil_percent
valueaddedsci_sum valueaddedsci_average valueaddedsci_lower_95_ci
valueaddedsci_upper_95_ci valueaddedhum_pupil_count valueaddedhum_pupil_percent
valueaddedhum_sum valueaddedhum_average valueaddedhum_lower_95_ci
valueaddedhum_upper_95_ci valueaddedlan_pupil_count valueaddedlan_pupil_percent
valueaddedlan_sum valueaddedlan_average valueaddedlan_lower_95_ci
valueaddedlan_upper_95_ci qual_entries_sum qual_entries_average gcse_entries_sum
gcse_entries_average qual_entries_without_discounting_sum
qual_entries_without_discounting_average
"""
)

# EES 1a_absence_3term_school.csv, current 80 columns
# (columns/dfe_sap__manual_1a_Absence_3term_school.txt).
ABSENCE_HEADER: tuple[str, ...] = _words(
    """
time_period time_identifier geographic_level country_code country_name region_code
region_name old_la_code new_la_code la_name education_phase school_name trust_name
estab school_laestab school_urn academy_type academy_open_date all_through
enrolments sess_possible sess_overall sess_authorised sess_unauthorised
sess_overall_percent sess_authorised_percent sess_unauthorised_percent
enrolments_pa_10_exact enrolments_pa_10_exact_percent sess_possible_pa_10_exact
sess_overall_pa_10_exact sess_authorised_pa_10_exact sess_unauthorised_pa_10_exact
sess_overall_percent_pa_10_exact sess_authorised_percent_pa_10_exact
sess_unauthorised_percent_pa_10_exact enrolments_pa_50_exact
enrolments_pa_50_exact_percent sess_auth_illness sess_auth_appointments
sess_auth_religious sess_auth_study sess_auth_traveller sess_auth_holiday
sess_auth_ext_holiday sess_auth_excluded sess_auth_interview
sess_auth_reg_performance sess_auth_temp_reduced_timetable sess_auth_other
sess_auth_totalreasons sess_unauth_holiday sess_unauth_late sess_unauth_other
sess_unauth_noyet sess_unauth_totalreasons sess_overall_totalreasons sess_x_covid
sess_y_exceptional sess_q_la_arrangements sess_auth_illness_rate
sess_auth_appointments_rate sess_auth_religious_rate sess_auth_study_rate
sess_auth_traveller_rate sess_auth_holiday_rate sess_auth_ext_holiday_rate
sess_auth_excluded_rate sess_auth_interview_rate sess_auth_reg_performance_rate
sess_auth_temp_reduced_timetable_rate sess_auth_other_rate
sess_auth_totalreasons_rate sess_unauth_holiday_rate sess_unauth_late_rate
sess_unauth_other_rate sess_unauth_noyet_rate sess_unauth_totalreasons_rate
sess_overall_totalreasons_rate sess_x_covid_rate
"""
)

# EES exc_school.csv, 25 columns, time_identifier first (columns/ees_exc_school.txt).
EXCLUSIONS_HEADER: tuple[str, ...] = _words(
    """
time_identifier time_period geographic_level country_code country_name region_code
region_name old_la_code new_la_code la_name estab school_laestab school_urn
school_name trust_name academy_type academy_open_date education_phase headcount
perm_excl perm_excl_rate suspension susp_rate one_plus_susp one_plus_susp_rate
"""
)

OEIF_SAFEGUARDING = "Latest OEIF  safeguarding is effective?"  # double space, verbatim
assert OEIF_SAFEGUARDING in OFSTED_REPORT_CARD_HEADER
OFSTED_HEADERS: dict[str, tuple[str, ...]] = {
    "section8": OFSTED_SECTION8_HEADER,
    "graded_ungraded": OFSTED_GRADED_HEADER,
    "report_card": OFSTED_REPORT_CARD_HEADER,
}


def _ks2_progress_column(name: str) -> bool:
    """The columns that went with KS2 progress (gone from 2023/24)."""
    return (
        name.startswith(("READPROG", "WRITPROG", "MATPROG"))
        or name.endswith("COV")
        or (name.startswith("DIFFN_") and name.endswith("PROG"))
    )


def _ks2_cscp_header(progress: bool) -> tuple[str, ...]:
    """The 2016/17 field names plus LAESTAB (after URN) and the banding columns
    (after each coverage column), as later files have them; without the progress
    columns for 2023/24."""
    out: list[str] = []
    for name in KS2_FIELDS_2017:
        if not progress and _ks2_progress_column(name):
            continue
        out.append(name)
        if name == "URN":
            out.append("LAESTAB")
        elif progress and name in _KS2_BAND_AFTER:
            out.append(_KS2_BAND_AFTER[name])
    return tuple(out)


_KS2_BAND_AFTER = {
    "READCOV": "READPROG_DESCR",
    "WRITCOV": "WRITPROG_DESCR",
    "MATCOV": "MATPROG_DESCR",
}
KS2_CSCP_HEADER_2223 = _ks2_cscp_header(progress=True)
KS2_CSCP_HEADER_2324 = _ks2_cscp_header(progress=False)
# The DfE's list plus old_la_code, new_la_code and la_name after country_name (see the
# module docstring): LA rows need to say which LA they are.
_AFTER = KS2_EES_ATTAINMENT_HEADER_VERBATIM.index("country_name") + 1
KS2_EES_HEADER: tuple[str, ...] = (
    KS2_EES_ATTAINMENT_HEADER_VERBATIM[:_AFTER]
    + ("old_la_code", "new_la_code", "la_name")
    + KS2_EES_ATTAINMENT_HEADER_VERBATIM[_AFTER:]
)

# ---------------------------------------------------------------------------------------
# Files

_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def ofsted_file_name(day: dt.date) -> str:
    """Ofsted's name for the "latest inspections" CSV as at ``day``."""
    return (
        "Management_information_-_state-funded_schools_-_latest_inspections_as_at_"
        f"{day.day}_{_MONTHS[day.month - 1]}_{day.year}.csv"
    )


# (file date, era) of the Ofsted files: the area has all four, national the last.
OFSTED_DATES: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2023, 8, 31), "section8"),
    (dt.date(2025, 8, 31), "graded_ungraded"),
    (dt.date(2026, 1, 31), "report_card"),
    (dt.date(2026, 10, 31), "report_card"),
)
KS2_CSCP_FILES = ("2022-2023_england_ks2final.csv", "2023-2024_england_ks2final.csv")
KS2_EES_FILE = "ks2_school_attainment_data.csv"
KS4_CSCP_FILE = "2022-2023_england_ks4final.csv"
KS4_EES_FILES = (
    "202324_performance_tables_schools_final.csv",
    "202425_performance_tables_schools_final.csv",
)
ABSENCE_FILE = "1a_absence_3term_school.csv"
EXCLUSIONS_FILE = "exc_school.csv"

_DFE_FILES: tuple[tuple[str, str], ...] = (
    ("ks2", KS2_CSCP_FILES[0]),
    ("ks2", KS2_CSCP_FILES[1]),
    ("ks2", KS2_EES_FILE),
    ("ks4", KS4_CSCP_FILE),
    ("ks4", KS4_EES_FILES[0]),
    ("ks4", KS4_EES_FILES[1]),
    ("absence", ABSENCE_FILE),
    ("exclusions", EXCLUSIONS_FILE),
)
# (kind, file name) in the order to import them.
AREA_OFFICIAL_FILES: tuple[tuple[str, str], ...] = (
    tuple(("ofsted", ofsted_file_name(day)) for day, _ in OFSTED_DATES) + _DFE_FILES
)
NATIONAL_OFFICIAL_FILES: tuple[tuple[str, str], ...] = (
    ("ofsted", ofsted_file_name(OFSTED_DATES[-1][0])),
) + _DFE_FILES


def official_files_present(out_dir: Path) -> bool:
    """Whether every area official file is in ``out_dir``."""
    return all((Path(out_dir) / name).is_file() for _, name in AREA_OFFICIAL_FILES)


def official_files(out_dir: Path, *, size: str = "area") -> list[tuple[str, Path]]:
    """(kind, path) of the official files of ``size`` in ``out_dir``, in the order to
    import them (as ``generate_official`` returns them, without writing anything)."""
    names = AREA_OFFICIAL_FILES if size == "area" else NATIONAL_OFFICIAL_FILES
    return [(kind, Path(out_dir) / name) for kind, name in names]


# ---------------------------------------------------------------------------------------
# Years, dates and national figures (rounded, roughly as published for England)

YEARS = ("2022/23", "2023/24", "2024/25")
PERIODS = ("202223", "202324", "202425")
_YEAR_FIRST = tuple(dt.date(2022 + y, 9, 1) for y in range(3))
_YEAR_LAST = tuple(dt.date(2023 + y, 8, 31) for y in range(3))
_CENSUS = tuple(census_day(2023 + y) for y in range(3))
_KS2_DAY = (dt.date(2023, 5, 9), dt.date(2024, 5, 13), dt.date(2025, 5, 12))
_KS4_DAY = (dt.date(2023, 6, 1), dt.date(2024, 6, 3), dt.date(2025, 6, 2))
_PERIOD_OF_INTEREST = (dt.date(2022, 9, 1), OFSTED_DATES[-1][0])

# KS2: percentage meeting the expected standard / the higher standard, and average
# scaled scores, by year; and how far a school one standard deviation better sits.
KS2_ENGLAND: dict[str, tuple[float, float, float]] = {
    "rwm": (59, 61, 62),
    "read": (73, 74, 75),
    "writ": (71, 72, 72),
    "mat": (73, 73, 74),
    "gps": (72, 72, 73),
    "rwm_high": (8, 8, 8),
    "read_high": (29, 28, 33),
    "writ_high": (13, 13, 13),
    "mat_high": (24, 24, 26),
    "gps_high": (30, 32, 30),
    "read_avg": (105, 105, 106),
    "mat_avg": (104, 104, 105),
    "gps_avg": (105, 105, 105),
}
_KS2_SPREAD = {
    "rwm": 15,
    "read": 12,
    "writ": 13,
    "mat": 13,
    "gps": 13,
    "rwm_high": 6,
    "read_high": 11,
    "writ_high": 8,
    "mat_high": 11,
    "gps_high": 12,
    "read_avg": 3.0,
    "mat_avg": 3.2,
    "gps_avg": 3.5,
}
KS2_SUBJECTS = ("read", "writ", "mat", "gps")
# KS4 (state-funded schools): Attainment 8, English and maths 4+ / 5+, EBacc entry,
# EBacc 4+ / 5+, EBacc APS, Progress 8 (none for 2024/25: no KS2 baseline).
KS4_ENGLAND: dict[str, tuple[float, float, float]] = {
    "att8": (46.3, 45.9, 45.8),
    "em94": (65.1, 64.8, 64.5),
    "em95": (45.3, 45.9, 45.2),
    "ebacc_e": (39.3, 40.5, 40.9),
    "ebacc94": (26.8, 27.5, 27.4),
    "ebacc95": (16.9, 17.4, 17.5),
    "ebaccaps": (4.05, 4.07, 4.03),
    "p8": (-0.03, -0.03, 0.0),
}
# Absence by phase: overall, authorised, unauthorised (% of sessions), persistent
# (10%+) and severe (50%+) absence (% of enrolments); and a standard deviation's spread.
ABSENCE_ENGLAND: dict[str, tuple[tuple[float, float, float, float, float], ...]] = {
    "primary": (
        (5.9, 4.4, 1.5, 16.2, 0.8),
        (5.5, 4.0, 1.5, 14.7, 0.8),
        (5.1, 3.7, 1.4, 13.4, 0.7),
    ),
    "secondary": (
        (9.0, 6.0, 3.0, 26.5, 3.4),
        (8.9, 5.8, 3.1, 25.6, 3.5),
        (8.6, 5.5, 3.1, 24.8, 3.6),
    ),
    "special": (
        (10.8, 8.3, 2.5, 36.9, 5.2),
        (10.9, 8.2, 2.7, 37.5, 5.3),
        (10.6, 8.0, 2.6, 36.8, 5.3),
    ),
}
_ABSENCE_SPREAD = {"primary": 1.1, "secondary": 1.6, "special": 2.4}
_ENROLMENTS_ENGLAND = {"primary": 3_900_000, "secondary": 3_250_000, "special": 155_000}
# Exclusions by phase: permanent exclusion, suspension and one-plus-suspension rates
# (per 100 pupils), and headcounts.
EXCLUSIONS_ENGLAND: dict[str, tuple[tuple[float, float, float], ...]] = {
    "primary": ((0.03, 2.12, 0.62), (0.04, 2.52, 0.70), (0.04, 2.63, 0.72)),
    "secondary": ((0.22, 21.8, 8.0), (0.26, 26.3, 9.3), (0.27, 27.0, 9.5)),
    "special": ((0.06, 13.2, 4.5), (0.06, 15.0, 5.0), (0.07, 16.2, 5.2)),
}
_HEADCOUNT_ENGLAND = {"primary": 4_560_000, "secondary": 3_720_000, "special": 163_000}
EES_PHASES = {
    "primary": "State-funded primary",
    "secondary": "State-funded secondary",
    "special": "Special",
}
ENGLAND = ("E92000001", "England")
REGION_CODES = {
    "A": "E12000001",
    "B": "E12000002",
    "D": "E12000003",
    "E": "E12000004",
    "F": "E12000005",
    "G": "E12000006",
    "H": "E12000007",
    "J": "E12000008",
    "K": "E12000009",
}
OFSTED_REGIONS = {
    "A": "North East, Yorkshire and the Humber",
    "D": "North East, Yorkshire and the Humber",
    "B": "North West",
    "E": "East Midlands",
    "F": "West Midlands",
    "G": "East of England",
    "H": "London",
    "J": "South East",
    "K": "South West",
}

# ---------------------------------------------------------------------------------------
# The schools: GIAS establishments with what drives their figures


@dataclass(frozen=True)
class LaInfo:
    """A local authority and how its schools sit against England: ``eff_a`` raises
    attainment, ``eff_b`` absence, ``eff_x`` suspensions (in standard deviations).
    ``full``: all its schools are here, so its LA rows add them up; otherwise (the
    demo's neighbours) its LA rows stand for a whole LA of relative ``size``."""

    code: str
    name: str
    gss: str
    gor: str
    eff_a: float = 0.0
    eff_b: float = 0.0
    eff_x: float = 0.0
    size: float = 1.0
    full: bool = False

    @property
    def region_code(self) -> str:
        return REGION_CODES[self.gor]

    @property
    def region_name(self) -> str:
        return REGIONS[self.gor][0]


@dataclass(eq=False)
class Unit:
    """A state-funded school in the official files (one URN)."""

    school: School
    la: LaInfo
    phase: str  # primary, infant, junior, secondary, all_through, special, nursery, ap, sixteen
    opened: dt.date | None
    closed: dt.date | None
    q: float = 0.0  # latent quality, drives inspections (shared along a chain)
    base_a: float = 0.0  # attainment
    base_b: float = 0.0  # absence
    base_x: float = 0.0  # suspensions
    story: tuple[tuple[float, ...], ...] | None = None  # fixed (za, zb, zx) per year
    prev: Unit | None = None  # the school this one replaced (an academy conversion)
    succ: Unit | None = None
    flags: set[str] = field(default_factory=set)

    @property
    def v(self) -> dict[str, str]:
        return self.school.v

    @property
    def urn(self) -> int:
        return self.school.urn

    @property
    def laestab(self) -> str:
        return self.v["LA (code)"] + self.v["EstablishmentNumber"]

    @property
    def name(self) -> str:
        return self.v["EstablishmentName"]

    @property
    def type_name(self) -> str:
        return self.v["TypeOfEstablishment (name)"]

    @property
    def pupils(self) -> int:
        return int(self.v.get("NumberOfPupils") or 0)

    @property
    def fsm(self) -> float:
        return float(self.v.get("PercentageFSM") or 0.0)

    @property
    def low(self) -> int:
        return int(self.v["StatutoryLowAge"])

    @property
    def high(self) -> int:
        return int(self.v["StatutoryHighAge"])

    @property
    def academy(self) -> bool:
        return self.school.kind.academy

    @property
    def early_years(self) -> bool:
        return self.low <= 4 and self.phase in {
            "primary",
            "infant",
            "nursery",
            "all_through",
        }

    @property
    def sixth_form(self) -> bool:
        return self.high >= 18 and self.phase in {"secondary", "all_through", "special"}

    def open_on(self, day: dt.date) -> bool:
        return (self.opened is None or self.opened <= day) and (
            self.closed is None or self.closed >= day
        )

    def open_during(self, first: dt.date, last: dt.date) -> bool:
        return (self.opened is None or self.opened <= last) and (
            self.closed is None or self.closed >= first
        )

    def za(self, y: int, rng: random.Random) -> float:
        if self.story is not None:
            return self.story[0][y]
        return self.base_a + rng.gauss(0, 0.25)

    def zb(self, y: int, rng: random.Random) -> float:
        if self.story is not None:
            return self.story[1][y]
        return self.base_b + rng.gauss(0, 0.3)

    def zx(self, y: int, rng: random.Random) -> float:
        if self.story is not None:
            return self.story[2][y]
        return self.base_x + rng.gauss(0, 0.35)

    @property
    def noisy(self) -> bool:
        return self.story is None


def _phase(school: School) -> str:
    kind = school.kind
    if kind.special:
        return "special"
    if kind.series == "pru":
        return "ap"
    code = school.v["PhaseOfEducation (code)"]
    low, high = int(school.v["StatutoryLowAge"]), int(school.v["StatutoryHighAge"])
    if code == "1":
        return "nursery"
    if code == "2":
        if high <= 8:
            return "infant"
        return "junior" if low >= 7 else "primary"
    if code == "4":
        return "secondary"
    if code == "7":
        return "all_through"
    return "sixteen"


def _parse_gias_date(text: str) -> dt.date | None:
    if not text:
        return None
    day, month, year = text.split("-")
    return dt.date(int(year), int(month), int(day))


def _unit(school: School, la: LaInfo) -> Unit:
    opened = school.opened or _parse_gias_date(school.v.get("OpenDate", ""))
    return Unit(school, la, _phase(school), opened, school.closed)


@dataclass
class World:
    size: str
    units: list[Unit]  # every school in a file, in LA and LAESTAB order
    las: dict[str, LaInfo]
    la_rows: list[str]  # the LAs that get LA rows
    home: str | None = None  # the demo LA
    stories: dict[int, str] = field(default_factory=dict)  # URN -> story


def _chains(units: list[Unit], links: Iterable[Link]) -> None:
    """Join each academy to the school it replaced the day before (a 1:1 link)."""
    by_school = {id(u.school): u for u in units}
    for link in links:
        pred = by_school.get(id(link.predecessor))
        succ = by_school.get(id(link.successor))
        if pred is None or succ is None or link.kind:
            continue
        if pred.closed is None or succ.opened is None:
            continue
        if pred.closed + dt.timedelta(days=1) != succ.opened:
            continue
        if pred.succ is None and succ.prev is None:
            pred.succ, succ.prev = succ, pred


def _keep(schools: Iterable[School], links: Iterable[Link], la: LaInfo) -> list[Unit]:
    """The state-funded schools open at some point since September 2022, and the
    schools they replaced (their inspections show in the Ofsted files)."""
    units = [_unit(s, la) for s in schools if s.kind.state_funded and s.urn]
    _chains(units, links)
    first = _PERIOD_OF_INTEREST[0]
    keep: set[int] = set()
    for u in units:
        if u.closed is None or u.closed >= first:
            chain: Unit | None = u
            while chain is not None and id(chain) not in keep:
                keep.add(id(chain))
                chain = chain.prev
    return [u for u in units if id(u) in keep]


def _sort_key(u: Unit) -> tuple[str, str, int]:
    return (u.la.code, u.laestab, u.urn)


def _national_gias(
    seed: int, la_count: int
) -> Iterator[tuple[Area, float, list[School], list[Link]]]:
    """The national GIAS world, LA by LA, built exactly as ``generate_national`` builds
    it (same random draws in the same order), so the URNs are the same."""
    rng = random.Random(f"national-{seed}")
    codes = _Codes()
    reg = Registry(rng)
    national_trusts = [reg.trust(name, MAT_FLAG) for name in NATIONAL_TRUSTS]
    areas = _national_areas(rng, codes, la_count)
    total_weight = sum(w for _, w in areas)
    for index, (area, weight) in enumerate(areas):
        open_state = max(5, round(OPEN_STATE_PER_LA * la_count * weight / total_weight))
        b = _build_national_la(rng, reg, area, open_state, national_trusts, index)
        yield area, weight, b.schools, b.links


def _national_world(seed: int, la_count: int) -> World:
    rng = random.Random(f"official-national-{seed}")
    units: list[Unit] = []
    las: dict[str, LaInfo] = {}
    for area, weight, schools, links in _national_gias(seed, la_count):
        la = LaInfo(
            area.code,
            area.name,
            area.gss,
            area.gor,
            eff_a=rng.gauss(0, 0.22),
            eff_b=rng.gauss(0, 0.3),
            eff_x=rng.gauss(0, 0.3),
            size=weight,
            full=True,
        )
        las[la.code] = la
        units.extend(_keep(schools, links, la))
    units.sort(key=_sort_key)
    _assign_latents(units, rng)
    return World("national", units, las, sorted(las))


# The made-up schools of each other LA in the area files (key, phase, church).
_OTHER_LA_MIX = (
    ("community", "primary", ""),
    ("community", "primary_nursery", ""),
    ("converter", "primary", ""),
    ("converter", "primary", ""),
    ("vc", "primary", "CE"),
    ("sponsor", "primary", ""),
    ("community", "infant", ""),
    ("converter", "junior", ""),
    ("converter", "secondary_sixth", ""),
    ("sponsor", "secondary", ""),
    ("community_special", "kind", ""),
)
OTHER_URNS_FROM = 186_000  # above every URN either generated world gives


def _other_areas(seed: int) -> list[Area]:
    """The national world's LAs (its first draws only: cheap) and any statistical
    neighbour of Northshire that is not among them."""
    rng = random.Random(f"national-{seed}")
    codes = _Codes()
    reg = Registry(rng)
    for name in NATIONAL_TRUSTS:
        reg.trust(name, MAT_FLAG)
    areas = [a for a, _ in _national_areas(rng, codes, NATIONAL_LA_COUNT)]
    known = {a.code for a in areas}
    extra = random.Random(f"official-neighbours-{seed}")
    used = {a.name for a in areas}
    for i, code in enumerate(DEFAULT_NEIGHBOURS[AREA_LA_CODE][0]):
        if code in known:
            continue
        name = _village_name(extra, used)
        name = name if name.endswith("shire") else f"{name}shire"
        gor = extra.choice(("E", "F", "G", "J", "K"))
        _, eband, nband = REGIONS[gor]
        areas.append(
            _generated_area(
                extra,
                codes,
                code=code,
                name=name,
                gss=f"E10{9200 + i:06d}",
                gor=gor,
                kind="S",
                centre=(extra.randint(*eband), extra.randint(*nband)),
                index=NATIONAL_LA_COUNT + i,
                weight=1.0,
            )
        )
    return sorted(areas, key=lambda a: a.code)


def _area_world(seed: int) -> World:
    rng = random.Random(f"official-area-{seed}")
    world = build_area(seed)
    area = world.area
    home = LaInfo(
        area.code, area.name, area.gss, area.gor, -0.05, 0.12, 0.1, 1.0, full=True
    )
    las = {home.code: home}
    units = _keep(world.schools, world.links, home)
    neighbours = set(DEFAULT_NEIGHBOURS[AREA_LA_CODE][0])
    reg = Registry(rng)
    urn = OTHER_URNS_FROM
    for index, other in enumerate(_other_areas(seed)):
        la = LaInfo(
            other.code,
            other.name,
            other.gss,
            other.gor,
            eff_a=rng.gauss(0, 0.22),
            eff_b=rng.gauss(0, 0.3),
            eff_x=rng.gauss(0, 0.3),
            size=rng.uniform(0.6, 1.6),
            full=False,
        )
        las[la.code] = la
        b = LaBuilder(rng, other, reg, dt.date(2026, 9, 1))
        trust = reg.trust(f"{other.name} Learning Trust", MAT_FLAG)
        for key, phase, church in _OTHER_LA_MIX:
            if K[key].academy:
                b.make(
                    key,
                    phase,
                    church=church,
                    opened=dt.date(rng.randint(2012, 2019), 9, 1),
                    open_reason="converter" if key == "converter" else "sponsor",
                    trust=trust,
                    sponsor_linked=key == "sponsor",
                    register_urn=False,
                )
            else:
                b.make(key, phase, church=church, register_urn=False)
        if index == 0:
            # A conversion in January 2025: the school that closed before the census
            # has suspensions but no headcount that year (rates 'x').
            b.successor_academy(
                "converter", "primary", opened=dt.date(2025, 1, 1), trust=trust
            )
            # A special free school that opened with five pupils (absence 'c').
            tiny = b.make(
                "free_special",
                "kind",
                opened=dt.date(2024, 9, 1),
                open_reason="free_special",
                trust=trust,
                register_urn=False,
            )
            tiny.v.update(
                {"NumberOfPupils": "5", "NumberOfBoys": "4", "NumberOfGirls": "1"}
            )
        for s in b.schools:
            urn += rng.randint(1, 4)
            s.urn = urn
        units.extend(_keep(b.schools, b.links, la))
    units.sort(key=_sort_key)
    _assign_latents(units, rng)
    stories = _pick_stories(units, home, rng)
    la_rows = [home.code, *sorted(neighbours)]
    return World("area", units, las, la_rows, home.code, stories)


def _assign_latents(units: list[Unit], rng: random.Random) -> None:
    """Draw each chain's quality and each school's tendencies (in ``units`` order)."""
    for u in units:
        if u.prev is not None:
            continue
        q = rng.gauss(0, 1)
        a, b, x = rng.gauss(0, 1), rng.gauss(0, 1), rng.gauss(0, 1)
        chain: Unit | None = u
        while chain is not None:
            # disadvantage against schools of the same kind
            usual = 40.0 if chain.phase == "special" else 24.0
            fsm = min(usual + 36, chain.fsm or usual) - usual
            chain.q = q
            chain.base_a = 0.55 * q + 0.45 * a - 0.03 * fsm + chain.la.eff_a
            chain.base_b = -0.35 * q + 0.55 * b + 0.04 * fsm + chain.la.eff_b
            chain.base_x = -0.3 * q + 0.6 * x + 0.035 * fsm + chain.la.eff_x
            chain = chain.succ


# The steady stories: attainment, absence and suspension z-scores by year.
_DETERIORATE = ((0.6, -0.4, -1.4), (0.3, 1.3, 2.3), (0.0, 0.4, 0.8))
_IMPROVE = ((-0.9, -0.3, 0.4), (1.5, 0.8, 0.0), (1.0, 0.5, 0.0))

# Northshire schools (default seed) whose results fall year on year from 2022/23 to
# 2024/25: KS2 reading, writing and maths expected standard about 70% -> 56% -> 41% (KS4
# Attainment 8 about 51 -> 43 -> 35, English and maths 4+ about 74% -> 58% -> 43%),
# overall absence from about England's level to 2.5 points (secondary 3.7) above it,
# suspensions up by half or more each year. Picked by _pick_stories (another seed picks
# others; World.stories says which).
DETERIORATING: dict[int, str] = {
    100039: "Kingsmead Primary School (community, Northminster): RWM 71% -> 58% -> 42%; "
    "report card March 2026 with Achievement 'Urgent improvement' and Curriculum and "
    "teaching 'Needs attention'",
    100032: "Whitwick Community Primary School (Greyhaven): RWM 67% -> 53% -> 40%; "
    "report card May 2026 with Achievement 'Needs attention'",
    172003: "Greyhaven Primary Free School: RWM 70% -> 57% -> 43%; no report card yet",
    170000: "Greenacres Primary Academy (converter, Greyhaven): RWM 70% -> 58% -> 42%; "
    "no report card yet",
    160007: "Northminster School (converter secondary, 1,711 pupils): Attainment 8 "
    "50.3 -> 42.4 -> 34.8; report card November 2025 (in the January 2026 file) with "
    "Achievement and Attendance and behaviour 'Needs attention'",
    156018: "Westfield Academy (free school secondary): Attainment 8 50.7 -> 42.8 -> "
    "35.2; no report card yet",
}
# Northshire schools (default seed) whose results rise steadily over the same years,
# with absence falling to England's level and fewer suspensions.
IMPROVING: dict[int, str] = {
    162000: "Fenwick Orchard Academy (sponsor-led primary): RWM 46% -> 58% -> 69%",
    158009: "Millbrook School (converter secondary): Attainment 8 39.0 -> 43.1 -> 48.2",
}


def _story_candidates(units: list[Unit], home: LaInfo, phase: str) -> list[Unit]:
    """Large enough schools with one URN throughout that any LA would watch."""
    least = 180 if phase == "primary" else 650
    return [
        u
        for u in units
        if u.la is home
        and u.phase == phase
        and u.prev is None
        and u.succ is None
        and u.closed is None
        and (u.opened is None or u.opened < dt.date(2021, 9, 1))
        and u.pupils >= least
    ]


def _pick_stories(
    units: list[Unit], home: LaInfo, rng: random.Random
) -> dict[int, str]:
    primaries = _story_candidates(units, home, "primary")
    secondaries = _story_candidates(units, home, "secondary")
    picked = rng.sample(primaries, 5) + rng.sample(secondaries, 3)
    stories: dict[int, str] = {}
    for i, u in enumerate(picked):
        improving = i in {4, 7}
        shift = [rng.uniform(-0.15, 0.15) for _ in range(3)]  # not all alike
        u.story = tuple(
            tuple(z + d for z in zs)
            for zs, d in zip(
                _IMPROVE if improving else _DETERIORATE, shift, strict=True
            )
        )
        u.q = -0.6 if improving else 0.3
        u.flags.add(f"story{i}")
        stories[u.urn] = "improving" if improving else "deteriorating"
    # A school whose report card finds safeguarding not met (category RSI).
    pool = [
        u
        for u in units
        if u.la is home
        and u.phase == "primary"
        and u.academy
        and not u.flags
        and u.succ is None
        and u.opened is not None
        and u.opened < dt.date(2024, 9, 1)
    ]
    rng.choice(pool).flags.add("rsi")
    return stories


# ---------------------------------------------------------------------------------------
# Inspections

GRADED = "graded"
UNGRADED = "ungraded"
MONITORING = "monitoring"
REPORT_CARD = "report_card"

_COVID = (dt.date(2020, 3, 17), dt.date(2021, 9, 5))
_NOT_JUDGED_FROM = dt.date(2024, 9, 1)  # graded inspections without an overall grade
_EIF_FROM = dt.date(2019, 9, 1)  # quality of education etc. exist from here
_OLD_FRAMEWORK_END = dt.date(2025, 11, 7)
_REPORT_CARDS_FROM = dt.date(2025, 11, 10)
_REPORT_CARDS_UNTIL = dt.date(2026, 10, 16)
_FIRST_INSPECTION = dt.date(2010, 9, 6)
RC_AREAS = (
    "Inclusion",
    "Curriculum and teaching",
    "Achievement",
    "Attendance and behaviour",
    "Personal development and wellbeing",
    "Leadership and governance",
)
_RC_DATED = {  # grade column -> its date column
    **{a: f"{a} - date of grade" for a in RC_AREAS},
    "Early years (where applicable)": "Early years - date of grade",
    "Post-16 provision (where applicable)": "Post-16 provision - date of grade",
}


@dataclass(eq=False)
class Inspection:
    kind: str
    start: dt.date
    published: dt.date
    unit: Unit  # the school (URN) inspected
    grade: int = 0  # EIF: the grade the judgements add up to
    judgements: dict[str, str] = field(default_factory=dict)
    category: str = ""
    outcome: str = ""
    number: int = 0


def _years(n: float) -> dt.timedelta:
    return dt.timedelta(days=round(365.25 * n))


def _term_day(day: dt.date, rng: random.Random) -> dt.date:
    """The nearest plausible inspection day: in term, Monday to Thursday, not in the
    pause of spring 2020 to summer 2021."""
    for _ in range(5):
        if _COVID[0] <= day <= _COVID[1]:
            day = _COVID[1] + dt.timedelta(days=rng.randint(8, 400))
        elif day.month == 8 or (day.month == 7 and day.day > 19):
            day = dt.date(day.year, 9, 8) + dt.timedelta(days=rng.randint(0, 20))
        elif (day.month == 12 and day.day > 17) or (day.month == 1 and day.day < 6):
            year = day.year + (day.month == 12)
            day = dt.date(year, 1, 7) + dt.timedelta(days=rng.randint(0, 14))
        else:
            break
    while day.weekday() > 3:
        day += dt.timedelta(days=1)
    return day


def _unit_at(chain: list[Unit], day: dt.date) -> Unit:
    """The school of the chain open on ``day`` (the first one before it opened)."""
    for u in reversed(chain):
        if u.opened is None or u.opened <= day:
            return u
    return chain[0]


def _eif_grade(s: float) -> int:
    """Thresholds that leave the latest graded inspections about 17% outstanding, 70%
    good, 10% requires improvement and 4% inadequate (weaker schools are inspected
    more often, so these are not the shares of all inspections)."""
    if s > 1.1:
        return 1
    if s > -0.85:
        return 2
    if s > -1.8:
        return 3
    return 4


def _graded(rng: random.Random, unit: Unit, start: dt.date, s: float) -> Inspection:
    g = _eif_grade(s)

    def near() -> str:
        return str(min(4, max(1, g + rng.choice((-1, 0, 0, 0, 0, 0, 1)))))

    quality, behaviour, personal, leadership = near(), near(), near(), near()
    if g == 1:
        quality = "1"
    if g == 4 and "4" not in (quality, leadership):
        leadership = "4"
    safeguarding = "No" if g == 4 and rng.random() < 0.35 else "Yes"
    eif = start >= _EIF_FROM
    missing = "9" if eif else "NULL"
    judgements = {
        "oe": "Not judged" if start >= _NOT_JUDGED_FROM else str(g),
        "qoe": quality if eif else "NULL",
        "ba": behaviour if eif else "NULL",
        "pd": personal if eif else "NULL",
        "lm": leadership,
        "sg": safeguarding,
        "ey": near() if unit.early_years else missing,
        "sf": near() if unit.sixth_form else missing,
    }
    category = ""
    if g == 4:
        category = "SM" if leadership == "4" or safeguarding == "No" else "SWK"
    published = start + dt.timedelta(days=rng.randint(20, 42))
    return Inspection(GRADED, start, published, unit, g, judgements, category)


def _ungraded(
    rng: random.Random, unit: Unit, start: dt.date, s: float, last: int
) -> tuple[Inspection, bool]:
    """An ungraded inspection and whether a graded one should follow soon."""
    if start >= _NOT_JUDGED_FROM:
        if s > 1.1:
            outcome, soon = "Improved significantly", True
        elif s < -0.9:
            outcome, soon = "Some aspects not as strong", True
        else:
            outcome, soon = "Standards maintained", False
    elif last == 1:
        outcome, soon = (
            ("School remains Outstanding", False)
            if s > -0.3
            else ("School remains Outstanding (Concerns) - S5 Next", True)
        )
    elif s > 1.1:
        outcome, soon = "School remains Good (Improving) - S5 Next", True
    elif s < -0.9:
        outcome, soon = "School remains Good (Concerns) - S5 Next", True
    else:
        outcome, soon = "School remains Good", False
    published = start + dt.timedelta(days=rng.randint(14, 35))
    event = Inspection(UNGRADED, start, published, unit, outcome=outcome)
    return event, soon


def _monitoring(rng: random.Random, chain: list[Unit], start: dt.date) -> Inspection:
    start = _term_day(start, rng)
    published = start + dt.timedelta(days=rng.randint(14, 30))
    return Inspection(MONITORING, start, published, _unit_at(chain, start))


@dataclass(frozen=True)
class _Card:
    """A report card a demo school must have (the rest are drawn)."""

    start: dt.date
    grades: tuple[tuple[str, str], ...] = ()
    safeguarding: str = "Met"
    category: str = ""


_FORCED_CARDS = {
    "story0": _Card(
        dt.date(2026, 3, 10),
        (
            ("Achievement", "Urgent improvement"),
            ("Curriculum and teaching", "Needs attention"),
        ),
    ),
    "story1": _Card(dt.date(2026, 5, 12), (("Achievement", "Needs attention"),)),
    "story5": _Card(
        dt.date(2025, 11, 25),
        (
            ("Achievement", "Needs attention"),
            ("Attendance and behaviour", "Needs attention"),
        ),
    ),
    "rsi": _Card(
        dt.date(2026, 6, 16),
        (
            ("Leadership and governance", "Urgent improvement"),
            ("Inclusion", "Needs attention"),
            ("Personal development and wellbeing", "Needs attention"),
        ),
        safeguarding="Not met",
        category="RSI",
    ),
}
_NO_CARD = {"story2", "story3", "story6"}


def _report_card_grade(s: float, urgent: bool) -> str:
    if s > 1.9:
        return "Exceptional"
    if s > 0.55:
        return "Strong standard"
    if s > -1.05:
        return "Expected standard"
    if s > -2.4 or not urgent:
        return "Needs attention"
    return "Urgent improvement"


def _report_card(
    rng: random.Random,
    unit: Unit,
    start: dt.date,
    q: float,
    urgent: bool,
    forced: _Card | None,
) -> Inspection:
    base = 0.8 * q + rng.gauss(0, 0.5)
    grades = {
        a: _report_card_grade(base + rng.gauss(0, 0.45), urgent) for a in RC_AREAS
    }
    grades["Early years (where applicable)"] = (
        _report_card_grade(base + rng.gauss(0, 0.45), urgent)
        if unit.early_years
        else "Not applicable"
    )
    grades["Post-16 provision (where applicable)"] = (
        _report_card_grade(base + rng.gauss(0, 0.45), urgent)
        if unit.sixth_form
        else "Not applicable"
    )
    safeguarding = "Not met" if urgent and rng.random() < 0.005 else "Met"
    category = ""
    if forced is not None:
        for area, grade in grades.items():  # a school in trouble is not exceptional
            if grade in {"Exceptional", "Strong standard"}:
                grades[area] = "Expected standard"
        grades.update(forced.grades)
        safeguarding, category = forced.safeguarding, forced.category
    elif safeguarding == "Not met" or (
        grades["Leadership and governance"] == "Urgent improvement"
    ):
        category = "RSI"
    grades["Safeguarding standards"] = safeguarding
    published = start + dt.timedelta(days=rng.randint(21, 45))
    return Inspection(REPORT_CARD, start, published, unit, 0, grades, category)


def _history(rng: random.Random, chain: list[Unit], urgent: bool) -> list[Inspection]:
    """Every inspection of a chain of schools (a school and the academies that
    replaced it) from 2010 to October 2026, in date order."""
    q = chain[-1].q
    flags = set().union(*(u.flags for u in chain))
    first = chain[0].opened
    if first is None or first < dt.date(2009, 1, 1):
        t = _FIRST_INSPECTION + dt.timedelta(days=rng.randint(0, 4 * 365))
    else:
        t = first + dt.timedelta(days=rng.randint(400, 1000))
    conversions = [u.opened for u in chain[1:] if u.opened is not None]
    events: list[Inspection] = []
    kind, last = GRADED, 2
    while True:
        t = _term_day(t, rng)
        for day in conversions:  # a new academy is inspected within three years
            before = events[-1].start if events else dt.date.min
            if before < day < t and t > day + _years(3):
                t = _term_day(day + dt.timedelta(days=rng.randint(500, 1000)), rng)
                kind = GRADED
        if t > _OLD_FRAMEWORK_END:
            break
        unit = _unit_at(chain, t)
        s = 0.9 * q + rng.gauss(0, 0.45)
        if kind == GRADED:
            event = _graded(rng, unit, t, s)
            events.append(event)
            last = event.grade
            if last == 1:
                nxt = t + _years(rng.uniform(4.5, 6))
                if t < dt.date(2020, 1, 1):  # outstanding schools were exempt
                    nxt = max(
                        t + _years(rng.uniform(6, 10)),
                        dt.date(2021, 9, 6) + dt.timedelta(days=rng.randint(0, 1600)),
                    )
                kind = UNGRADED if rng.random() < 0.7 else GRADED
            elif last == 2:
                nxt = t + _years(rng.uniform(3.6, 4.6))
                kind = UNGRADED if rng.random() < 0.8 else GRADED
            elif last == 3:
                if rng.random() < 0.5:
                    events.append(
                        _monitoring(
                            rng, chain, t + dt.timedelta(days=rng.randint(150, 330))
                        )
                    )
                nxt, kind = t + _years(rng.uniform(1.9, 2.5)), GRADED
            else:
                for k in (1, 2, 3):
                    events.append(
                        _monitoring(
                            rng,
                            chain,
                            t + dt.timedelta(days=150 * k + rng.randint(0, 40)),
                        )
                    )
                nxt, kind = t + _years(rng.uniform(1.8, 2.5)), GRADED
        else:
            event, soon = _ungraded(rng, unit, t, s, last)
            events.append(event)
            if soon:
                nxt, kind = t + _years(rng.uniform(1, 2)), GRADED
            else:
                nxt = t + _years(rng.uniform(3.6, 4.6))
                kind = GRADED if rng.random() < 0.5 else UNGRADED
        t = nxt
    events = [e for e in events if e.start <= _OLD_FRAMEWORK_END]
    # Report cards: the inspections due from 10 November 2025, and a few more.
    forced = next((_FORCED_CARDS[f] for f in sorted(flags) if f in _FORCED_CARDS), None)
    card_day: dt.date | None = None
    if forced is not None:
        card_day = forced.start
    elif not flags & _NO_CARD:
        if t <= _REPORT_CARDS_UNTIL and rng.random() < 0.8:
            card_day = _term_day(max(t, _REPORT_CARDS_FROM), rng)
        elif rng.random() < 0.03:
            span = (_REPORT_CARDS_UNTIL - _REPORT_CARDS_FROM).days
            card_day = _term_day(
                _REPORT_CARDS_FROM + dt.timedelta(days=rng.randint(0, span)), rng
            )
    if card_day is not None and card_day <= _REPORT_CARDS_UNTIL:
        unit = _unit_at(chain, card_day)
        events.append(_report_card(rng, unit, card_day, q, urgent, forced))
    events.sort(key=lambda e: e.start)
    return events


def _inspections(world: World, seed: int) -> dict[int, list[Inspection]]:
    """Each chain's inspections, keyed by the id of every unit in the chain; numbers
    are given in date order across the whole world."""
    rng = random.Random(f"official-ofsted-{world.size}-{seed}")
    by_unit: dict[int, list[Inspection]] = {}
    everything: list[Inspection] = []
    for u in world.units:
        if u.succ is not None or u.phase == "sixteen":
            continue
        if world.home is not None and u.la.code != world.home:
            continue
        chain = [u]
        while chain[0].prev is not None:
            chain.insert(0, chain[0].prev)
        events = _history(rng, chain, urgent=world.home is None)
        for member in chain:
            by_unit[id(member)] = events
        everything.extend(events)
    everything.sort(key=lambda e: (e.start, e.unit.urn, e.kind))
    number = 120_000
    for event in everything:
        number += rng.randint(1, 9)
        event.number = number
    return by_unit


# ---------------------------------------------------------------------------------------
# Ofsted files

_OFSTED_PHASES = {
    "primary": "Primary",
    "infant": "Primary",
    "junior": "Primary",
    "secondary": "Secondary",
    "all_through": "Secondary",
    "special": "Special",
    "nursery": "Nursery",
    "ap": "PRU",
}
_FAITH = {"Church of England": "Church of England", "Roman Catholic": "Roman Catholic"}
_EIF_KEYS = ("oe", "qoe", "ba", "pd", "lm", "sg", "ey", "sf")
_EIF_LATEST = (
    "Overall effectiveness",
    "Quality of education",
    "Behaviour and attitudes",
    "Personal development",
    "Effectiveness of leadership and management",
    "Safeguarding is effective?",
    "Early years provision (where applicable)",
    "Sixth form provision (where applicable)",
)
_EIF_PREVIOUS = (
    "Previous quality of education",
    "Previous behaviour and attitudes",
    "Previous personal development",
    "Previous effectiveness of leadership and management",
    "Previous safeguarding is effective?",
    "Previous early years provision (where applicable)",
    "Previous sixth form provision (where applicable)",
)
_EIF_OEIF = (
    "Latest OEIF overall effectiveness",
    "Latest OEIF quality of education",
    "Latest OEIF behaviour and attitudes",
    "Latest OEIF personal development",
    "Latest OEIF effectiveness of leadership and management",
    OEIF_SAFEGUARDING,
    "Latest OEIF early years provision (where applicable)",
    "Latest OEIF sixth form provision (where applicable)",
)


def _dmy(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _idaci(fsm: float) -> str:
    if not fsm:
        return "NULL"
    for quintile, least in ((1, 35), (2, 25), (3, 17), (4, 10)):
        if fsm >= least:
            return str(quintile)
    return "5"


def _ofsted_school(u: Unit, v: dict[str, str]) -> dict[str, str]:
    """The columns about the school itself (each era's header keeps its own)."""
    mat = v.get("TrustSchoolFlag (code)") == MAT_FLAG[0]
    sponsor = v.get("SchoolSponsorFlag (name)") == "Linked to a sponsor"
    religion = v.get("ReligiousCharacter (name)") or "Does not apply"
    opened = _parse_gias_date(v.get("OpenDate", ""))
    return {
        "URN": str(u.urn),
        "LAESTAB": u.laestab,
        "School name": v["EstablishmentName"],
        "Ofsted phase": _OFSTED_PHASES[u.phase],
        "Type of education": v["TypeOfEstablishment (name)"],
        "School open date": _dmy(opened) or "NULL",
        "Admissions policy": v.get("AdmissionsPolicy (name)") or "Not applicable",
        "Sixth form": v.get("OfficialSixthForm (name)") or "Not applicable",
        "Designated religious character": religion,
        "Religious ethos": v.get("ReligiousEthos (name)") or "Does not apply",
        "Faith grouping": _FAITH.get(religion, "Non-faith"),
        "Ofsted region": OFSTED_REGIONS[u.la.gor],
        "Region": u.la.region_name,
        "Local authority": u.la.name,
        "Parliamentary constituency": v.get("ParliamentaryConstituency (name)", ""),
        "Postcode": v.get("Postcode", ""),
        "Multi-academy trust UID": v["Trusts (code)"] if mat else "NULL",
        "Multi-academy trust name": v["Trusts (name)"] if mat else "NULL",
        "Academy sponsor UID": v["Trusts (code)"] if sponsor else "NULL",
        "Academy sponsor name": v.get("SchoolSponsors (name)", "")
        if sponsor
        else "NULL",
        "The income deprivation affecting children index (IDACI) quintile": _idaci(
            u.fsm
        ),
        "Total number of pupils": v.get("NumberOfPupils") or "NULL",
        "Statutory lowest age": v["StatutoryLowAge"],
        "Statutory highest age": v["StatutoryHighAge"],
    }


def _at_time(
    event: Inspection, current: Unit, relates: str, what: str, named: str = ""
) -> dict[str, str]:
    """Which school (URN) an inspection was of; ``named`` for the section 8 columns
    that say "the latest section 8 inspection" where the others say "the ..."."""
    named = named or what
    return {
        f"Does the {relates} relate to the URN of the current school?": (
            "Yes" if event.unit.urn == current.urn else "No"
        ),
        f"URN at time of {what}": str(event.unit.urn),
        f"LAESTAB at time of {what}": event.unit.laestab,
        f"School name at time of {named}": event.unit.name,
        f"School type at time of {named}": event.unit.type_name,
    }


def _eif(event: Inspection, columns: Sequence[str]) -> dict[str, str]:
    return {c: event.judgements[k] for c, k in zip(columns, _EIF_KEYS, strict=True)}


def _graded_details(
    event: Inspection, type_: str, grouping: str, *, end: bool = True
) -> dict[str, str]:
    out = {
        "Inspection type": type_,
        "Inspection type grouping": grouping,
        "Event type grouping": "Standard inspection",
        "Inspection start date": _dmy(event.start),
        "Publication date": _dmy(event.published),
        "Category of concern": event.category,
    }
    if end:
        out["Inspection end date"] = _dmy(event.start + dt.timedelta(days=1))
    return out


def _section8_row(u: Unit, seen: list[Inspection]) -> dict[str, str]:
    graded = [e for e in seen if e.kind == GRADED]
    row: dict[str, str] = {}
    latest = graded[-1] if graded else None
    since = [e for e in seen if latest is None or e.start > latest.start]
    ungraded = [e for e in since if e.kind == UNGRADED]
    if latest is not None:
        row["Inspection number of latest full inspection"] = str(latest.number)
        row.update(_graded_details(latest, "S5 Inspection", "Section 5"))
        row.update(
            _at_time(latest, u, "latest full inspection", "latest full inspection")
        )
        row.update(_eif(latest, _EIF_LATEST))
        row["Number of section 8 inspections since the last full inspection"] = str(
            len(ungraded)
        )
        row["Number of other section 8 inspections since last full inspection"] = str(
            sum(e.kind == MONITORING for e in since)
        )
    if len(graded) > 1:
        prev = graded[-2]
        row["Previous full inspection number"] = str(prev.number)
        row["Previous inspection start date"] = _dmy(prev.start)
        row["Previous inspection end date"] = _dmy(prev.start + dt.timedelta(days=1))
        row["Previous publication date"] = _dmy(prev.published)
        row["Previous category of concern"] = prev.category
        row.update(
            _at_time(prev, u, "previous full inspection", "previous full inspection")
        )
        row.update(
            _eif(
                prev, ("Previous full inspection overall effectiveness", *_EIF_PREVIOUS)
            )
        )
    if ungraded:
        s8 = ungraded[-1]
        row["Latest section 8 inspection number since last full inspection"] = str(
            s8.number
        )
        row["Date of latest section 8 inspection"] = _dmy(s8.start)
        row["Section 8 inspection publication date"] = _dmy(s8.published)
        row["Did the latest section 8 inspection convert to a full inspection?"] = "No"
        row["Section 8 inspection overall outcome"] = s8.outcome
        row.update(
            _at_time(
                s8,
                u,
                "section 8 inspection",
                "the section 8 inspection",
                "the latest section 8 inspection",
            )
        )
    return row


def _graded_row(u: Unit, seen: list[Inspection]) -> dict[str, str]:
    graded = [e for e in seen if e.kind == GRADED]
    row: dict[str, str] = {}
    latest = graded[-1] if graded else None
    since = [e for e in seen if latest is None or e.start > latest.start]
    ungraded = [e for e in since if e.kind == UNGRADED]
    if latest is not None:
        row["Inspection number of latest graded inspection"] = str(latest.number)
        row.update(_graded_details(latest, "Section 5", "Graded inspection"))
        row.update(
            _at_time(latest, u, "latest graded inspection", "latest graded inspection")
        )
        row.update(_eif(latest, _EIF_LATEST))
        row["Number of ungraded inspections since the last graded inspection"] = str(
            len(ungraded)
        )
        row[
            "Number of monitoring and urgent inspections since last graded inspection"
        ] = str(sum(e.kind == MONITORING for e in since))
    if len(graded) > 1:
        prev = graded[-2]
        row["Previous graded inspection number"] = str(prev.number)
        row["Previous inspection start date"] = _dmy(prev.start)
        row["Previous inspection end date"] = _dmy(prev.start + dt.timedelta(days=1))
        row["Previous publication date"] = _dmy(prev.published)
        row["Previous category of concern"] = prev.category
        row.update(
            _at_time(
                prev, u, "previous graded inspection", "previous graded inspection"
            )
        )
        row.update(
            _eif(
                prev,
                ("Previous graded inspection overall effectiveness", *_EIF_PREVIOUS),
            )
        )
    if ungraded:
        last = ungraded[-1]
        row["Latest ungraded inspection number since last graded inspection"] = str(
            last.number
        )
        row.update(_ungraded_block(last, u))
        row["Did the latest ungraded inspection convert to a graded inspection?"] = "No"
    return row


def _ungraded_block(event: Inspection, u: Unit) -> dict[str, str]:
    row = {
        "Date of latest ungraded inspection": _dmy(event.start),
        "Ungraded inspection publication date": _dmy(event.published),
        "Ungraded inspection overall outcome": event.outcome,
    }
    row.update(_at_time(event, u, "ungraded inspection", "the ungraded inspection"))
    return row


def _report_card_row(u: Unit, seen: list[Inspection]) -> dict[str, str]:
    row: dict[str, str] = {}
    cards = [e for e in seen if e.kind == REPORT_CARD]
    graded = [e for e in seen if e.kind == GRADED]
    card = cards[-1] if cards else None
    oeif = graded[-1] if graded else None
    if card is not None:
        row["Inspection number of latest full inspection"] = str(card.number)
        row["Inspection type"] = "Full inspection"
        row["Inspection type grouping"] = "Full inspection"
        row["Event type grouping"] = "Report card inspection"
        row["Inspection start date"] = _dmy(card.start)
        row["Publication date"] = _dmy(card.published)
        row["Category of concern"] = card.category
        row.update(
            _at_time(card, u, "latest full inspection", "latest full inspection")
        )
        row["Safeguarding standards"] = card.judgements["Safeguarding standards"]
        row["Safeguarding standards - date of grade"] = _dmy(card.start)
        for column, dated in _RC_DATED.items():
            grade = card.judgements[column]
            row[column] = grade
            row[dated] = "" if grade == "Not applicable" else _dmy(card.start)
    if oeif is not None:
        of = "of latest OEIF graded inspection"
        row["Inspection number of latest OEIF graded inspection"] = str(oeif.number)
        row[f"Inspection type {of}"] = "Section 5"
        row[f"Inspection type grouping {of}"] = "Graded inspection"
        row[f"Event type grouping {of}"] = "Standard inspection"
        row[f"Inspection start date {of}"] = _dmy(oeif.start)
        row[f"Publication date {of}"] = _dmy(oeif.published)
        row["Latest OEIF category of concern"] = oeif.category
        row.update(
            _at_time(
                oeif,
                u,
                "latest OEIF graded inspection",
                "latest OEIF graded inspection",
            )
        )
        row.update(_eif(oeif, _EIF_OEIF))
    ungraded = [
        e for e in seen if e.kind == UNGRADED and (oeif is None or e.start > oeif.start)
    ]
    if ungraded:
        row["Latest ungraded inspection number"] = str(ungraded[-1].number)
        row.update(_ungraded_block(ungraded[-1], u))
    latest = max(
        (e for e in (card, oeif) if e is not None), key=lambda e: e.start, default=None
    )
    row["Most recent category of concern"] = latest.category if latest else ""
    return row


_ERA_ROWS: dict[str, Callable[[Unit, list[Inspection]], dict[str, str]]] = {
    "section8": _section8_row,
    "graded_ungraded": _graded_row,
    "report_card": _report_card_row,
}


def _write_ofsted(
    path: Path,
    world: World,
    inspections: dict[int, list[Inspection]],
    day: dt.date,
    era: str,
) -> int:
    header = OFSTED_HEADERS[era]
    known = set(header)
    link = "Web Link (opens in new window)" if era == "report_card" else "Web link"
    build = _ERA_ROWS[era]
    extract = 2 if day >= dt.date(2026, 9, 1) else 1

    def rows() -> Iterator[list[str]]:
        for u in world.units:
            if u.phase == "sixteen" or not u.open_on(day):
                continue
            if world.home is not None and u.la.code != world.home:
                continue
            seen = [e for e in inspections[id(u)] if e.published <= day]
            row = {
                k: v
                for k, v in _ofsted_school(u, u.school.row(extract)).items()
                if k in known
            }
            row[link] = f"https://reports.ofsted.gov.uk/provider/21/{u.urn}"
            block = build(u, seen)
            unknown = set(block) - known
            if unknown:  # pragma: no cover - a misspelt column
                raise KeyError(f"not columns of the {era} file: {sorted(unknown)}")
            row.update(block)
            yield [row.get(h, "") for h in header]

    return _write(path, header, rows(), encoding="cp1252", quote_all=True, crlf=True)


# ---------------------------------------------------------------------------------------
# Shared pieces of the DfE files

Tally = dict[str, float]


def _add(total: Tally, part: Tally) -> None:
    for key, value in part.items():
        total[key] = total.get(key, 0.0) + value


def _count(rng: random.Random, n: int, percent: float, noisy: bool) -> int:
    """How many of ``n`` pupils, ``percent`` of them on average."""
    p = min(1.0, max(0.0, percent / 100))
    if not noisy or n == 0:
        return round(n * p)
    c = round(n * p + rng.gauss(0, math.sqrt(n * p * (1 - p)) * 0.8))
    return min(n, max(0, c))


def _poisson(rng: random.Random, lam: float, noisy: bool) -> int:
    if lam <= 0:
        return 0
    if not noisy:
        return round(lam)
    if lam > 40:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _fixed(value: float, places: int) -> str:
    text = f"{value:.{places}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _cscp_pct(n: float, d: float) -> str:
    """A CSCP percentage: a whole number with a % sign."""
    return f"{round(100 * n / d)}%" if d else "NA"


def _ees_pct(n: float, d: float, places: int = 1) -> str:
    """An EES percentage: no sign; 'low' for a positive value under 0.5."""
    if not d:
        return "z"
    value = 100 * n / d
    if 0 < value < 0.5:
        return "low"
    return _fixed(value, places) if places else str(round(value))


def _cells(header: Sequence[str], known: set[str], row: dict[str, str]) -> list[str]:
    unknown = set(row) - known
    if unknown:  # pragma: no cover - a misspelt column
        raise KeyError(f"not columns of this file: {sorted(unknown)}")
    return [row.get(h, "") for h in header]


def _write(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    encoding: str = "utf-8",
    quote_all: bool = False,
    crlf: bool = True,
    bom: bool = False,
) -> int:
    """Stream ``rows`` to ``path`` (through a ``.part`` file); returns the data rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    n = 0
    with tmp.open("w", encoding=encoding, errors="strict", newline="") as f:
        if bom:
            f.write("\ufeff")
        writer = csv.writer(
            f,
            quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
            lineterminator="\r\n" if crlf else "\n",
        )
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            n += 1
    tmp.replace(path)
    return n


_NFTYPE = {
    "1": "CY",
    "2": "VA",
    "3": "VC",
    "5": "FD",
    "7": "CYS",
    "12": "FDS",
    "14": "PRU",
    "15": "NUR",
    "28": "AC",
    "33": "ACS",
    "34": "ACC",
    "35": "F",
    "36": "FS",
    "38": "FAP",
    "40": "UTC",
    "41": "SS",
    "42": "ACCAP",
    "43": "ACAP",
    "44": "ACCS",
}


def _school_columns(u: Unit) -> dict[str, str]:
    """The CSCP columns that describe a school."""
    v = u.v
    row = {
        "RECTYPE": "2" if u.phase == "special" else "1",
        "LEA": u.la.code,
        "ESTAB": v["EstablishmentNumber"],
        "URN": str(u.urn),
        "SCHNAME": u.name,
        "ADDRESS1": v.get("Street", ""),
        "ADDRESS2": v.get("Locality", ""),
        "ADDRESS3": v.get("Address3", ""),
        "TOWN": v.get("Town", ""),
        "PCODE": v.get("Postcode", ""),
        "TELNUM": v.get("TelephoneNum", ""),
        "NFTYPE": _NFTYPE.get(v["TypeOfEstablishment (code)"].lstrip("0"), "OTHER"),
        "ICLOSE": "1" if u.closed is not None else "0",
        "RELDENOM": v.get("ReligiousCharacter (name)") or "Does not apply",
        "AGERANGE": f"{u.low}-{u.high}",
        "TOTPUPS": str(u.pupils),
    }
    if u.succ is not None:  # the academy that replaced it
        row["SCHNAME_AC"] = u.succ.name
        row["URN_AC"] = str(u.succ.urn)
        row["OPEN_AC"] = _dmy(u.succ.opened)
    return row


def _ees_place(level: str, la: LaInfo | None) -> dict[str, str]:
    """time and place columns shared by the EES files (not the period)."""
    row = {
        "time_identifier": "Academic year",
        "geographic_level": level,
        "country_code": ENGLAND[0],
        "country_name": ENGLAND[1],
    }
    if la is not None:
        row.update(
            {
                "region_code": la.region_code,
                "region_name": la.region_name,
                "old_la_code": la.code,
                "new_la_code": la.gss,
                "la_name": la.name,
            }
        )
    return row


def _academy_columns(u: Unit) -> dict[str, str]:
    v = u.v
    academy = u.academy
    return {
        "school_name": u.name,
        "trust_name": v.get("Trusts (name)", "") if academy else "",
        "estab": v["EstablishmentNumber"],
        "school_laestab": u.laestab,
        "school_urn": str(u.urn),
        "academy_type": v["TypeOfEstablishment (name)"] if academy else "",
        "academy_open_date": _dmy(u.opened) if academy else "",
    }


def _england() -> LaInfo:
    return LaInfo("", "England", "", "A")


# ---------------------------------------------------------------------------------------
# KS2


def _ks2_eligible(u: Unit) -> bool:
    if u.phase == "special":
        return u.low <= 10 and u.high >= 11
    return u.phase in {"primary", "junior", "all_through"}


def _ks2_cohort(u: Unit, y: int, rng: random.Random) -> int:
    if u.phase == "special":
        base = u.pupils * 0.075
    elif u.phase == "junior":
        base = u.pupils / 4
    elif u.phase == "all_through":
        base = u.pupils / 14
    else:
        base = u.pupils / (7.6 if u.low <= 3 else 7.0)
    if u.noisy:
        base *= rng.uniform(0.88, 1.12)
    return max(0, round(base))


def _ks2_rates(za: float, y: int) -> dict[str, float]:
    r = {k: KS2_ENGLAND[k][y] + _KS2_SPREAD[k] * za for k in KS2_ENGLAND}
    for key in r:
        r[key] = (
            min(117.0, max(91.0, r[key]))
            if key.endswith("_avg")
            else min(99.0, max(0.0, r[key]))
        )
    for s in KS2_SUBJECTS:
        r[s] = max(r[s], r["rwm"])
        r[f"{s}_high"] = min(r[s], max(r[f"{s}_high"], r["rwm_high"]))
    return r


def _ks2_tally(
    rng: random.Random,
    *,
    cohort: int,
    za: float,
    fsm: float,
    special: bool,
    noisy: bool,
    y: int,
) -> Tally:
    """One school's (or a whole LA's) KS2 results as counts and sums."""
    if special:
        za -= 3.8
    r = _ks2_rates(za, y)

    def c(percent: float, n: int = cohort) -> int:
        return _count(rng, n, percent, noisy)

    t: Tally = {"schools": 1, "cohort": cohort}
    t["rwm"] = rwm = c(r["rwm"])
    t["rwm_high"] = rwm_high = min(rwm, c(r["rwm_high"]))
    for s in KS2_SUBJECTS:
        t[s] = max(rwm, c(r[s]))
        t[f"{s}_high"] = min(t[s], max(rwm_high, c(r[f"{s}_high"])))
    boys = round(cohort * (rng.uniform(0.44, 0.56) if noisy else 0.5))
    disadv = round(cohort * min(0.9, max(0.02, (fsm or 20) * 1.25 / 100)))
    t.update(
        {
            "boys": boys,
            "disadv": disadv,
            "eal": round(cohort * min(0.6, 0.04 + fsm / 150)),
            "mobile": round(cohort * 0.05),
            "sen_k": 0 if special else round(cohort * 0.14),
            "sen_e": cohort if special else round(cohort * 0.04),
            "rwm_boys": min(boys, c(r["rwm"] - 4, boys)),
            "rwm_girls": min(cohort - boys, c(r["rwm"] + 4, cohort - boys)),
            "rwm_disadv": min(disadv, rwm, c(r["rwm"] - 17, disadv)),
            "rwm_high_disadv": min(disadv, rwm_high, c(r["rwm_high"] - 4, disadv)),
        }
    )
    for s in KS2_SUBJECTS:
        t[f"{s}_disadv"] = min(disadv, t[s], c(r[s] - 15, disadv))
        t[f"{s}_high_disadv"] = min(t[f"{s}_disadv"], c(r[f"{s}_high"] - 9, disadv))
    for s in ("read", "mat", "gps"):
        absent = c(22.0 if special else 1.6)
        scored = cohort - absent
        noise = rng.gauss(0, 4 / math.sqrt(max(1, scored))) if noisy else 0.0
        t[f"{s}_absent"] = absent
        t[f"{s}_n"] = scored
        t[f"{s}_sum"] = (r[f"{s}_avg"] + noise) * scored
        d_scored = max(0, disadv - round(absent * disadv / max(1, cohort)))
        t[f"{s}_disadv_n"] = d_scored
        t[f"{s}_disadv_sum"] = (r[f"{s}_avg"] - 2.6) * d_scored
    t["writ_wts"] = max(0, cohort - t["writ"] - c(12.0 if special else 1.0))
    t["writ_ad"] = c(10.0 if special else 0.8)
    t["sci"] = min(cohort, c(r["read"] + 5))
    if y == 0:  # KS1 baseline and progress: 2022/23 only
        coverage = 0.72 if special else 0.94
        if noisy and rng.random() < 0.008:
            coverage = 0.42
        t["ks1_sum"] = (15.8 + 1.2 * za) * cohort
        for group, share in (("low", 0.16), ("mid", 0.56), ("high", 0.24)):
            t[f"ks1_{group}"] = c(100 * share * (1 + 0.25 * za * (group != "mid")))
        for s, sd in (("read", 5.6), ("writ", 5.2), ("mat", 5.0)):
            cov = round(
                cohort * min(1.0, coverage + (rng.uniform(-0.04, 0.05) if noisy else 0))
            )
            centre = 2.0 * (za + 0.02 * (min(fsm or 20, 60) - 24))
            if special:
                centre = 2.0 * (za + 3.8) - 4.0
            noise = rng.gauss(0, sd / math.sqrt(max(1, cov))) if noisy else 0.0
            t[f"{s}_cov"] = cov
            t[f"{s}_prog_sum"] = (centre + noise) * cov
            t[f"{s}_prog_sd"] = sd
    return t


def _ks2_school(u: Unit, y: int, rng: random.Random) -> Tally | None:
    cohort = _ks2_cohort(u, y, rng)
    if cohort == 0:
        return None
    t = _ks2_tally(
        rng,
        cohort=cohort,
        za=u.za(y, rng),
        fsm=u.fsm,
        special=u.phase == "special",
        noisy=u.noisy,
        y=y,
    )
    if u.noisy and rng.random() < 0.004:
        t["not_published"] = 1  # writing assessment under review
    return t


def _ks2_la(la: LaInfo, y: int, rng: random.Random) -> Tally:
    """A whole LA that is not in the world: its figures at its own level."""
    return _ks2_tally(
        rng,
        cohort=round(6_500 * la.size),
        za=la.eff_a,
        fsm=24 + 40 * la.eff_b / 3,
        special=False,
        noisy=False,
        y=y,
    )


def _ks2_england(y: int, maintained: bool, rng: random.Random) -> Tally:
    return _ks2_tally(
        rng,
        cohort=290_000 if maintained else 660_000,
        za=-0.03 if maintained else 0.0,
        fsm=24,
        special=False,
        noisy=False,
        y=y,
    )


def _band(score: float, low: float, high: float, extreme: float) -> str:
    if low > 0:
        return "1" if score >= extreme else "2"
    if high < 0:
        return "5" if score <= -extreme else "4"
    return "3"


def _progress(t: Tally, s: str, places: int = 2) -> tuple[float, float, float] | None:
    n = t.get(f"{s}_cov", 0)
    if not n:
        return None
    score = t[f"{s}_prog_sum"] / n
    sd = t[f"{s}_prog_sd"] / t["schools"]
    half = 1.96 * sd / math.sqrt(n)
    return (
        round(score, places),
        round(score - half, places),
        round(score + half, places),
    )


def _ks2_cscp_measures(t: Tally, y: int, *, school: bool) -> dict[str, str]:
    cohort = t["cohort"]
    suppressed = school and cohort <= 5
    out = {"TELIG": str(int(cohort))}
    boys, disadv = t["boys"], t["disadv"]
    out.update(
        {
            "BELIG": str(int(boys)),
            "GELIG": str(int(cohort - boys)),
            "PBELIG": _cscp_pct(boys, cohort),
            "PGELIG": _cscp_pct(cohort - boys, cohort),
            "TFSM6CLA1A": str(int(disadv)),
            "PTFSM6CLA1A": _cscp_pct(disadv, cohort),
            "TNotFSM6CLA1A": str(int(cohort - disadv)),
            "PTNotFSM6CLA1A": _cscp_pct(cohort - disadv, cohort),
            "TEALGRP2": str(int(t["eal"])),
            "PTEALGRP2": _cscp_pct(t["eal"], cohort),
            "TMOBN": str(int(cohort - t["mobile"])),
            "PTMOBN": _cscp_pct(cohort - t["mobile"], cohort),
            "TSENELK": str(int(t["sen_k"])),
            "PSENELK": _cscp_pct(t["sen_k"], cohort),
            "TSENELE": str(int(t["sen_e"])),
            "PSENELE": _cscp_pct(t["sen_e"], cohort),
        }
    )
    measures: dict[str, str] = {
        "PTRWM_EXP": _cscp_pct(t["rwm"], cohort),
        "PTRWM_HIGH": _cscp_pct(t["rwm_high"], cohort),
        "PTREAD_EXP": _cscp_pct(t["read"], cohort),
        "PTREAD_HIGH": _cscp_pct(t["read_high"], cohort),
        "PTREAD_AT": _cscp_pct(t["read_absent"], cohort),
        "PTGPS_EXP": _cscp_pct(t["gps"], cohort),
        "PTGPS_HIGH": _cscp_pct(t["gps_high"], cohort),
        "PTGPS_AT": _cscp_pct(t["gps_absent"], cohort),
        "PTMAT_EXP": _cscp_pct(t["mat"], cohort),
        "PTMAT_HIGH": _cscp_pct(t["mat_high"], cohort),
        "PTMAT_AT": _cscp_pct(t["mat_absent"], cohort),
        "PTWRITTA_EXP": _cscp_pct(t["writ"], cohort),
        "PTWRITTA_HIGH": _cscp_pct(t["writ_high"], cohort),
        "PTWRITTA_WTS": _cscp_pct(t["writ_wts"], cohort),
        "PTWRITTA_AD": _cscp_pct(t["writ_ad"], cohort),
        "PTSCITA_EXP": _cscp_pct(t["sci"], cohort),
    }
    for s, column in (("read", "READ"), ("mat", "MAT"), ("gps", "GPS")):
        n = t[f"{s}_n"]
        measures[f"{column}_AVERAGE"] = str(round(t[f"{s}_sum"] / n)) if n else "NE"
    for column, key, n in (
        ("PTRWM_EXP_B", "rwm_boys", boys),
        ("PTRWM_EXP_G", "rwm_girls", cohort - boys),
        ("PTRWM_EXP_FSM6CLA1A", "rwm_disadv", disadv),
        ("PTRWM_HIGH_FSM6CLA1A", "rwm_high_disadv", disadv),
    ):
        measures[column] = (
            "NA" if not n else "SUPP" if school and n <= 5 else _cscp_pct(t[key], n)
        )
    others = cohort - disadv
    measures["PTRWM_EXP_NotFSM6CLA1A"] = (
        "NA"
        if not others
        else "SUPP"
        if school and others <= 5
        else _cscp_pct(t["rwm"] - t["rwm_disadv"], others)
    )
    if y == 0:
        measures["TKS1AVERAGE"] = _fixed(t["ks1_sum"] / cohort, 1)
        for group, column in (("low", "L"), ("mid", "M"), ("high", "H")):
            out[f"TKS1GROUP_{column}"] = str(int(t[f"ks1_{group}"]))
            measures[f"PTKS1GROUP_{column}"] = _cscp_pct(t[f"ks1_{group}"], cohort)
        for s, column in (("read", "READ"), ("writ", "WRIT"), ("mat", "MAT")):
            found = _progress(t, s)
            cov = t.get(f"{s}_cov", 0)
            measures[f"{column}COV"] = _cscp_pct(cov, cohort)
            if found is None:
                values = ["NE"] * 3
                band = ""
            elif cov < cohort / 2:
                values = ["LOWCOV"] * 3
                band = ""
            else:
                values = [_fixed(x, 2) for x in found]
                band = _band(*found, 3.5) if school else ""
            measures[f"{column}PROG"] = values[0]
            measures[f"{column}PROG_LOWER"] = values[1]
            measures[f"{column}PROG_UPPER"] = values[2]
            if band:
                measures[f"{column}PROG_DESCR"] = band
    if suppressed:
        measures = dict.fromkeys(measures, "SUPP")
    elif school and t.get("not_published"):
        for column in measures:
            if column.startswith(("PTWRITTA", "PTRWM", "WRITPROG")):
                measures[column] = "NP"
    out.update(measures)
    return out


def _write_ks2_cscp(path: Path, world: World, y: int, seed: int) -> int:
    rng = random.Random(f"official-ks2-{y}-{world.size}-{seed}")
    header = KS2_CSCP_HEADER_2223 if y == 0 else KS2_CSCP_HEADER_2324
    known = set(header)
    totals: dict[str, Tally] = {code: {} for code in world.la_rows}

    def rows() -> Iterator[list[str]]:
        for u in world.units:
            if not _ks2_eligible(u) or not u.open_on(_KS2_DAY[y]):
                continue
            t = _ks2_school(u, y, rng)
            if t is None:
                continue
            if u.la.full and u.la.code in totals:
                _add(totals[u.la.code], t)
            row = _school_columns(u)
            row["LAESTAB"] = u.laestab
            row.update(_ks2_cscp_measures(t, y, school=True))
            yield _cells(header, known, row)
        for code in world.la_rows:
            la = world.las[code]
            t = totals[code] if la.full else _ks2_la(la, y, rng)
            if t:
                row = {"RECTYPE": "4", "LEA": code}
                row.update(_ks2_cscp_measures(t, y, school=False))
                yield _cells(header, known, row)
        for rectype, maintained in (("5", False), ("7", True)):
            row = {"RECTYPE": rectype}
            row.update(
                _ks2_cscp_measures(_ks2_england(y, maintained, rng), y, school=False)
            )
            yield _cells(header, known, row)

    return _write(path, header, rows())


_KS2_EES_SUBJECTS = (
    ("Reading", "read"),
    ("Writing", "writ"),
    ("Maths", "mat"),
    ("Grammar, punctuation and spelling", "gps"),
    ("Reading, writing and maths", "rwm"),
)
_KS2_EES_MEASURES = (
    "expected_standard_pupil_percent",
    "higher_standard_pupil_percent",
    "average_scaled_score",
    "progress_measure_score",
    "progress_measure_lower_conf_interval",
    "progress_measure_upper_conf_interval",
    "absent_or_not_able_to_access_percent",
    "working_towards_expected_standard_pupil_percent",
    "absent_or_disapplied_percent",
    "progress_measure_unadjusted",
    "progress_measure_description",
)


def _ks2_ees_rows(
    base: dict[str, str], t: Tally, *, school: bool
) -> Iterator[dict[str, str]]:
    cohort = int(t["cohort"])
    for topic, breakdown, suffix, n in (
        ("All pupils", "Total", "", cohort),
        ("Disadvantaged status", "Disadvantaged", "_disadv", int(t["disadv"])),
    ):
        if not n:
            continue
        for subject, s in _KS2_EES_SUBJECTS:
            row = dict(base)
            row.update(
                {"breakdown_topic": topic, "breakdown": breakdown, "subject": subject}
            )
            values = dict.fromkeys(_KS2_EES_MEASURES, "z")
            values["expected_standard_pupil_percent"] = _ees_pct(
                t[f"{s}{suffix}"], n, 0
            )
            high = f"{s}_high_disadv" if suffix else f"{s}_high"
            values["higher_standard_pupil_percent"] = _ees_pct(t[high], n, 0)
            if s in {"read", "mat", "gps"}:
                scored = t[f"{s}{suffix}_n"]
                values["average_scaled_score"] = (
                    str(round(t[f"{s}{suffix}_sum"] / scored)) if scored else "x"
                )
                if not suffix:
                    values["absent_or_not_able_to_access_percent"] = _ees_pct(
                        t[f"{s}_absent"], n, 0
                    )
            if s == "writ" and not suffix:
                values["working_towards_expected_standard_pupil_percent"] = _ees_pct(
                    t["writ_wts"], n, 0
                )
                values["absent_or_disapplied_percent"] = _ees_pct(t["writ_ad"], n, 0)
            if school and n <= 5:
                values = {k: ("c" if x != "z" else x) for k, x in values.items()}
            elif school and t.get("not_published") and s in {"writ", "rwm"}:
                values = {k: ("x" if x != "z" else x) for k, x in values.items()}
            row.update(values)
            yield row


def _write_ks2_ees(path: Path, world: World, seed: int) -> int:
    y = 2
    rng = random.Random(f"official-ks2-{y}-{world.size}-{seed}")
    header = KS2_EES_HEADER
    known = set(header)
    totals: dict[str, Tally] = {code: {} for code in world.la_rows}
    common = {"time_period": PERIODS[y], "version": "Revised"}

    def rows() -> Iterator[list[str]]:
        for u in world.units:
            if not _ks2_eligible(u) or not u.open_on(_KS2_DAY[y]):
                continue
            t = _ks2_school(u, y, rng)
            if t is None:
                continue
            if u.la.full and u.la.code in totals:
                _add(totals[u.la.code], t)
            base = common | _ees_place("School", u.la)
            base.pop("region_code")
            base.pop("region_name")
            base.update(
                {
                    "school_urn": str(u.urn),
                    "school_laestab": u.laestab,
                    "school_name": u.name,
                }
            )
            for row in _ks2_ees_rows(base, t, school=True):
                yield _cells(header, known, row)
        for code in world.la_rows:
            la = world.las[code]
            t = totals[code] if la.full else _ks2_la(la, y, rng)
            if t:
                base = common | _ees_place("Local authority", la)
                base.pop("region_code")
                base.pop("region_name")
                for row in _ks2_ees_rows(base, t, school=False):
                    yield _cells(header, known, row)
        base = common | _ees_place("National", None)
        for row in _ks2_ees_rows(base, _ks2_england(y, False, rng), school=False):
            yield _cells(header, known, row)

    return _write(path, header, rows(), crlf=False)


# ---------------------------------------------------------------------------------------
# KS4


def _ks4_eligible(u: Unit) -> bool:
    if u.phase == "special":
        return u.high >= 16
    return u.phase in {"secondary", "all_through"}


def _ks4_cohort(u: Unit, rng: random.Random) -> int:
    if u.phase == "special":
        base = u.pupils * 0.09
    elif u.phase == "all_through":
        base = u.pupils / 14
    elif u.low >= 14:  # UTCs and studio schools
        base = u.pupils / 3.4
    else:
        base = u.pupils / (6.6 if u.high >= 18 else 5.0)
    if u.noisy:
        base *= rng.uniform(0.9, 1.1)
    return max(0, round(base))


# Breakdown groups: (key, EES breakdown_topic, breakdown, column, value) and shifts.
_KS4_GROUPS = (
    ("boys", "Sex", "Boys", "sex", -2.4, -0.12),
    ("girls", "Sex", "Girls", "sex", 2.4, 0.12),
    ("disadv", "Disadvantage status", "Disadvantaged", "disadvantage", -12.5, -0.55),
)
_ATT8_ELEMENTS = (("eng", 0.21), ("mat", 0.195), ("ebac", 0.295), ("open", 0.30))


def _ks4_tally(
    rng: random.Random,
    *,
    cohort: int,
    za: float,
    fsm: float,
    special: bool,
    noisy: bool,
    y: int,
    boys_share: float = 0.5,
) -> Tally:
    e = {k: v[y] for k, v in KS4_ENGLAND.items()}
    if special:  # most pupils take few or no GCSEs
        att8 = 11 + 3.5 * za
        za -= 4.5
    else:
        att8 = e["att8"] + 7.5 * za
    if noisy:
        att8 += rng.gauss(0, 14 / math.sqrt(max(1, cohort)))
    att8 = min(82.0, max(1.5, att8))
    d = att8 - e["att8"]

    def c(percent: float, n: int = cohort) -> int:
        return _count(rng, n, percent, noisy)

    t: Tally = {"schools": 1, "cohort": cohort}
    t["att8_sum"] = att8 * cohort
    for element, share in _ATT8_ELEMENTS:
        t[f"att8_{element}_sum"] = att8 * share * cohort
    t["em94"] = em94 = c(e["em94"] + 2.0 * d)
    t["em95"] = min(em94, c(e["em95"] + 2.1 * d))
    t["entbasics"] = max(em94, c(62.0 if special else 97.5))
    entry = e["ebacc_e"] + 1.6 * d + (rng.gauss(0, 8) if noisy else 0)
    t["ebacc_e"] = ebacc_e = c(entry)
    t["ebacc94"] = ebacc94 = min(ebacc_e, c(e["ebacc94"] + 1.4 * d))
    t["ebacc95"] = min(ebacc94, c(e["ebacc95"] + 1.2 * d))
    t["aps_sum"] = max(0.05, e["ebaccaps"] * att8 / e["att8"]) * cohort
    disadv = round(cohort * min(0.9, max(0.02, (fsm or 20) * 1.3 / 100)))
    boys = round(cohort * boys_share)
    t["disadv"], t["boys"], t["girls"] = disadv, boys, cohort - boys
    t["eal"] = round(cohort * min(0.6, 0.03 + fsm / 160))
    p8 = 0.0
    if y < 2:  # Progress 8
        coverage = 0.8 if special else 0.95
        if noisy and rng.random() < 0.006:
            coverage = 0.45
        p8 = e["p8"] + 0.45 * (za + 0.02 * (min(fsm or 20, 60) - 24))
        if special:
            p8 = -1.25 + 0.3 * (za + 4.5)
        if noisy:
            p8 += rng.gauss(0, 1.15 / math.sqrt(max(1, cohort)))
        n = round(cohort * coverage)
        t["p8_n"] = n
        t["p8_sum"] = p8 * n
        t["p8_sd"] = 1.15
    for key, _, _, _, shift, p8_shift in _KS4_GROUPS:
        n = int(t[key])
        t[f"{key}_att8_sum"] = max(0.0, att8 + shift) * n
        t[f"{key}_em94"] = min(
            n, c(100 * em94 / cohort + 2.0 * shift, n) if cohort else 0
        )
        t[f"{key}_em95"] = min(
            t[f"{key}_em94"], c(100 * t["em95"] / cohort + 2.1 * shift, n)
        )
        t[f"{key}_ebacc_e"] = c(100 * ebacc_e / cohort + 1.6 * shift, n)
        t[f"{key}_aps_sum"] = max(0.05, t["aps_sum"] / cohort + 0.09 * shift) * n
        if y < 2:
            m = round(n * t["p8_n"] / cohort)
            t[f"{key}_p8_n"] = m
            t[f"{key}_p8_sum"] = (p8 + p8_shift) * m
    return t


def _ks4_school(u: Unit, y: int, rng: random.Random) -> Tally | None:
    cohort = _ks4_cohort(u, rng)
    if cohort == 0:
        return None
    gender = u.v.get("Gender (code)")
    boys = 1.0 if gender == "1" else 0.0 if gender == "2" else rng.uniform(0.46, 0.54)
    return _ks4_tally(
        rng,
        cohort=cohort,
        za=u.za(y, rng),
        fsm=u.fsm,
        special=u.phase == "special",
        noisy=u.noisy,
        y=y,
        boys_share=boys,
    )


def _ks4_la(la: LaInfo, y: int, rng: random.Random) -> Tally:
    return _ks4_tally(
        rng,
        cohort=round(5_800 * la.size),
        za=la.eff_a,
        fsm=24 + 40 * la.eff_b / 3,
        special=False,
        noisy=False,
        y=y,
    )


def _ks4_england(y: int, maintained: bool, rng: random.Random) -> Tally:
    return _ks4_tally(
        rng,
        cohort=140_000 if maintained else 610_000,
        za=-0.04 if maintained else 0.0,
        fsm=24,
        special=False,
        noisy=False,
        y=y,
    )


def _mean(t: Tally, key: str, n_key: str, places: int) -> str:
    n = t.get(n_key, 0)
    return _fixed(t[key] / n, places) if n else "NE"


def _ks4_cscp_measures(t: Tally, *, school: bool) -> dict[str, str]:
    cohort = t["cohort"]
    boys, disadv = t["boys"], t["disadv"]
    out = {
        "TPUP": str(int(cohort)),
        "BPUP": str(int(boys)),
        "PBPUP": _cscp_pct(boys, cohort),
        "GPUP": str(int(cohort - boys)),
        "PGPUP": _cscp_pct(cohort - boys, cohort),
        "TFSM6CLA1A": str(int(disadv)),
        "PTFSM6CLA1A": _cscp_pct(disadv, cohort),
        "TNOTFSM6CLA1A": str(int(cohort - disadv)),
        "PTNOTFSM6CLA1A": _cscp_pct(cohort - disadv, cohort),
        "TEALGRP2": str(int(t["eal"])),
        "PTEALGRP2": _cscp_pct(t["eal"], cohort),
    }
    m: dict[str, str] = {
        "TOTATT8": _fixed(t["att8_sum"], 1),
        "ATT8SCR": _mean(t, "att8_sum", "cohort", 1),
        "PTL2BASICS_94": _cscp_pct(t["em94"], cohort),
        "PTL2BASICS_95": _cscp_pct(t["em95"], cohort),
        "TOTEBACCAPS": _fixed(t["aps_sum"], 2),
        "EBACCAPS": _mean(t, "aps_sum", "cohort", 2),
        "TEBACC_E_PTQ_EE": str(int(t["ebacc_e"])),
        "PTEBACC_E_PTQ_EE": _cscp_pct(t["ebacc_e"], cohort),
        "PTEBACC_94": _cscp_pct(t["ebacc94"], cohort) if t["ebacc_e"] else "NE",
        "PTEBACC_95": _cscp_pct(t["ebacc95"], cohort) if t["ebacc_e"] else "NE",
    }
    for element, column in (
        ("eng", "ENG"),
        ("mat", "MAT"),
        ("ebac", "EBAC"),
        ("open", "OPEN"),
    ):
        m[f"TOTATT8{column}"] = _fixed(t[f"att8_{element}_sum"], 1)
        m[f"ATT8SCR{column}"] = _mean(t, f"att8_{element}_sum", "cohort", 1)
    found = _p8(t, "")
    if found is not None:
        n = t["p8_n"]
        m["P8PUP"] = str(int(n))
        m["TP8ADJ"] = "0"
        m["P8MEACOV"] = _cscp_pct(n, cohort)
        if n < cohort / 2:
            values = ["LOWCOV"] * 3
        else:
            values = [_fixed(x, 2) for x in found]
            if school:
                m["P8_BANDING"] = _band(*found, 0.5)
        for suffix in ("", "_ORIG"):
            m[f"P8MEA{suffix}"], m[f"P8CILOW{suffix}"], m[f"P8CIUPP{suffix}"] = values
    for key, column in (("disadv", "FSM6CLA1A"), ("boys", "BOYS"), ("girls", "GIRLS")):
        n = t[key]
        small = "NA" if not n else "SUPP" if school and n <= 5 else ""
        m[f"ATT8SCR_{column}"] = small or _mean(t, f"{key}_att8_sum", key, 1)
        m[f"EBACCAPS_{column}"] = small or _mean(t, f"{key}_aps_sum", key, 2)
        if found is not None:
            m[f"P8MEA_{column}"] = small or _mean(t, f"{key}_p8_sum", f"{key}_p8_n", 2)
    n = t["disadv"]
    small = "NA" if not n else "SUPP" if school and n <= 5 else ""
    m["PTFSM6CLA1ABASICS_94"] = small or _cscp_pct(t["disadv_em94"], n)
    m["PTFSM6CLA1ABASICS_95"] = small or _cscp_pct(t["disadv_em95"], n)
    others = cohort - n
    m["PTNOTFSM6CLA1ABASICS_94"] = _cscp_pct(t["em94"] - t["disadv_em94"], others)
    m["PTNOTFSM6CLA1ABASICS_95"] = _cscp_pct(t["em95"] - t["disadv_em95"], others)
    if not small and t["disadv_att8_sum"]:
        m["DIFFN_ATT8"] = _fixed(t["disadv_att8_sum"] / n - 50.3, 1)
    if school and cohort <= 5:
        m = dict.fromkeys(m, "SUPP")
    out.update(m)
    return out


def _p8(t: Tally, group: str) -> tuple[float, float, float] | None:
    n = t.get(f"{group}p8_n", 0)
    if not n:
        return None
    score = t[f"{group}p8_sum"] / n
    half = 1.96 * (t["p8_sd"] / t["schools"]) / math.sqrt(n)
    return round(score, 2), round(score - half, 2), round(score + half, 2)


_ADMPOL = {"Non-selective": "NSE", "Selective": "SEL"}
_EGENDER = {"1": "BOYS", "2": "GIRLS", "3": "MIXED"}


def _write_ks4_cscp(path: Path, world: World, seed: int) -> int:
    y = 0
    rng = random.Random(f"official-ks4-{y}-{world.size}-{seed}")
    header = KS4_CSCP_HEADER
    known = set(header)
    totals: dict[str, Tally] = {code: {} for code in world.la_rows}

    def rows() -> Iterator[list[str]]:
        for u in world.units:
            if not _ks4_eligible(u) or not u.open_on(_KS4_DAY[y]):
                continue
            t = _ks4_school(u, y, rng)
            if t is None:
                continue
            if u.la.full and u.la.code in totals:
                _add(totals[u.la.code], t)
            row = _school_columns(u)
            for column in ("URN_AC", "OPEN_AC"):
                row.pop(column, None)
            v = u.v
            row.update(
                {
                    "PCON_CODE": v.get("ParliamentaryConstituency (code)", ""),
                    "PCON_NAME": v.get("ParliamentaryConstituency (name)", ""),
                    "ADMPOL": _ADMPOL.get(v.get("AdmissionsPolicy (name)", ""), "NA"),
                    "EGENDER": _EGENDER.get(v.get("Gender (code)", "3"), "MIXED"),
                    "NUMBOYS": v.get("NumberOfBoys", ""),
                    "NUMGIRLS": v.get("NumberOfGirls", ""),
                    "TAB1618": "1" if u.high >= 18 else "0",
                }
            )
            row.update(_ks4_cscp_measures(t, school=True))
            yield _cells(header, known, row)
        for code in world.la_rows:
            la = world.las[code]
            t = totals[code] if la.full else _ks4_la(la, y, rng)
            if t:
                row = {"RECTYPE": "4", "LEA": code}
                row.update(_ks4_cscp_measures(t, school=False))
                yield _cells(header, known, row)
        for rectype, maintained in (("5", False), ("7", True)):
            row = {"RECTYPE": rectype}
            row.update(
                _ks4_cscp_measures(_ks4_england(y, maintained, rng), school=False)
            )
            yield _cells(header, known, row)

    # CSCP files may start with a byte-order mark (the KS4 metadata file does).
    return _write(path, header, rows(), bom=True)


# EES column names: 2023/24 first, 2024/25 second.
_KS4_EES_NAMES = {
    "cohort": ("t_pupils", "pupil_count"),
    "att8_sum": ("t_att8", "attainment8_sum"),
    "att8": ("avg_att8", "attainment8_average"),
    "entbasics": ("t_entbasics", "engmath_entering_total"),
    "entbasics_pct": ("pt_entbasics", "engmath_entering_percent"),
    "em95": ("t_l2basics_95", "engmath_95_total"),
    "em95_pct": ("pt_l2basics_95", "engmath_95_percent"),
    "em94": ("t_l2basics_94", "engmath_94_total"),
    "em94_pct": ("pt_l2basics_94", "engmath_94_percent"),
    "ebacc_e": ("t_ebacc_e_ptq_ee", "ebacc_entering_total"),
    "ebacc_e_pct": ("pt_ebacc_e_ptq_ee", "ebacc_entering_percent"),
    "ebacc95": ("t_ebacc_95", "ebacc_95_total"),
    "ebacc95_pct": ("pt_ebacc_95", "ebacc_95_percent"),
    "ebacc94": ("t_ebacc_94", "ebacc_94_total"),
    "ebacc94_pct": ("pt_ebacc_94", "ebacc_94_percent"),
    "aps_sum": ("t_ebaccaps", "ebacc_aps_sum"),
    "aps": ("avg_ebaccaps", "ebacc_aps_average"),
    "p8_n": ("t_inp8calc", "progress8_pupil_count"),
    "p8_sum": ("t_p8score", "progress8_sum"),
    "p8": ("avg_p8score", "progress8_average"),
    "p8_low": ("p8score_ci_low", "progress8_lower_95_ci"),
    "p8_upp": ("p8score_ci_upp", "progress8_upper_95_ci"),
    "p8_pct": ("pt_inp8calc", "progress8_pupil_percent"),
}
for _element, _ in _ATT8_ELEMENTS:
    _KS4_EES_NAMES[f"att8_{_element}_sum"] = (
        f"t_att8_{_element}",
        f"attainment8{'ebacc' if _element == 'ebac' else _element}_sum",
    )
    _KS4_EES_NAMES[f"att8_{_element}"] = (
        f"avg_att8_{_element}",
        f"attainment8{'ebacc' if _element == 'ebac' else _element}_average",
    )


def _ks4_ees_values(
    t: Tally, prefix: str, n: float, *, school: bool, y: int
) -> dict[str, str]:
    """The measures of one row (all pupils, or the group ``prefix`` of ``n``)."""
    g = f"{prefix}_" if prefix else ""
    values: dict[str, str] = {
        "cohort": str(int(n)),
        "att8_sum": _fixed(t[f"{g}att8_sum"], 1),
        "att8": _mean(t, f"{g}att8_sum", prefix or "cohort", 1),
        "em94": str(int(t[f"{g}em94"])),
        "em94_pct": _ees_pct(t[f"{g}em94"], n),
        "em95": str(int(t[f"{g}em95"])),
        "em95_pct": _ees_pct(t[f"{g}em95"], n),
        "ebacc_e": str(int(t[f"{g}ebacc_e"])),
        "ebacc_e_pct": _ees_pct(t[f"{g}ebacc_e"], n),
        "aps_sum": _fixed(t[f"{g}aps_sum"], 2),
        "aps": _mean(t, f"{g}aps_sum", prefix or "cohort", 2),
    }
    if not prefix:
        values.update(
            {
                "entbasics": str(int(t["entbasics"])),
                "entbasics_pct": _ees_pct(t["entbasics"], n),
                "ebacc94": str(int(t["ebacc94"])),
                "ebacc94_pct": _ees_pct(t["ebacc94"], n),
                "ebacc95": str(int(t["ebacc95"])),
                "ebacc95_pct": _ees_pct(t["ebacc95"], n),
            }
        )
        for element, _ in _ATT8_ELEMENTS:
            values[f"att8_{element}_sum"] = _fixed(t[f"att8_{element}_sum"], 1)
            values[f"att8_{element}"] = _mean(t, f"att8_{element}_sum", "cohort", 1)
    if y < 2:
        found = _p8(t, g)
        m = t.get(f"{g}p8_n", 0)
        values["p8_n"] = str(int(m))
        values["p8_pct"] = _ees_pct(m, n)
        if found is not None:
            values["p8_sum"] = _fixed(t[f"{g}p8_sum"], 2)
            values["p8"], values["p8_low"], values["p8_upp"] = (
                _fixed(x, 2) for x in found
            )
    if school and n <= 5:
        values = {k: ("c" if k != "cohort" else x) for k, x in values.items()}
    return values


def _write_ks4_ees(path: Path, world: World, y: int, seed: int) -> int:
    rng = random.Random(f"official-ks4-{y}-{world.size}-{seed}")
    header = KS4_EES_2324_HEADER if y == 1 else KS4_EES_2425_HEADER
    known = set(header)
    which = 0 if y == 1 else 1
    names = {k: v[which] for k, v in _KS4_EES_NAMES.items()}
    disadvantage = "disadvantage" if y == 1 else "disadvantage_status"
    breakdown_columns = (
        "breakdown_topic",
        "breakdown",
        "sex",
        disadvantage,
        "first_language",
        "prior_attainment",
        "mobility",
    )
    # Not generated: 'x' (not available); progress for 2024/25: 'z' (not applicable).
    filler = {
        h: ("z" if y == 2 and h.startswith(("progress8", "valueadded")) else "x")
        for h in header[header.index(breakdown_columns[-1]) + 1 :]
    }
    totals: dict[str, Tally] = {code: {} for code in world.la_rows}

    def rows_for(
        base: dict[str, str], t: Tally, *, school: bool
    ) -> Iterator[list[str]]:
        groups = [("", "Total", "Total", "", "", t["cohort"])]
        groups.extend(
            (key, topic, label, column, label, t[key])
            for key, topic, label, column, _, _ in _KS4_GROUPS
            if t[key]
        )
        for key, topic, label, column, value, n in groups:
            row = dict(base)
            row.update(filler)
            row.update(dict.fromkeys(breakdown_columns, "Total"))
            if key:
                row["breakdown_topic"], row["breakdown"] = topic, label
                row[column if column == "sex" else disadvantage] = value
            if y == 2:
                row["pupil_percent"] = _ees_pct(n, t["cohort"])
            for name, text in _ks4_ees_values(t, key, n, school=school, y=y).items():
                row[names[name]] = text
            yield _cells(header, known, row)

    common = {"time_period": PERIODS[y], "version": "Final"}

    def rows() -> Iterator[list[str]]:
        for u in world.units:
            if not _ks4_eligible(u) or not u.open_on(_KS4_DAY[y]):
                continue
            t = _ks4_school(u, y, rng)
            if t is None:
                continue
            if u.la.full and u.la.code in totals:
                _add(totals[u.la.code], t)
            base = common | _ees_place("School", u.la)
            base.pop("region_code")
            base.pop("region_name")
            base.update(
                {
                    "school_laestab": u.laestab,
                    "school_urn": str(u.urn),
                    "school_name": u.name,
                    "establishment_type_group": u.v["EstablishmentTypeGroup (name)"],
                }
            )
            yield from rows_for(base, t, school=True)
        for code in world.la_rows:
            la = world.las[code]
            t = totals[code] if la.full else _ks4_la(la, y, rng)
            if t:
                base = common | _ees_place("Local authority", la)
                base.pop("region_code")
                base.pop("region_name")
                base["establishment_type_group"] = "Total"
                yield from rows_for(base, t, school=False)
        base = common | _ees_place("National", None)
        base["establishment_type_group"] = "Total"
        yield from rows_for(base, _ks4_england(y, False, rng), school=False)

    return _write(path, header, rows(), crlf=False)


# ---------------------------------------------------------------------------------------
# Absence and exclusions


def _phase_shares(u: Unit) -> list[tuple[str, float]]:
    """(EES phase, share of the school's pupils) rows the school has."""
    if u.phase == "special":
        return [("special", 0.88)]
    if u.phase == "all_through":
        return [("primary", 6.5 / 14), ("secondary", 5.5 / 14)]
    if u.phase in {"primary", "infant", "junior"}:
        return [("primary", 0.86 if u.low <= 3 else 0.93)]
    if u.phase == "secondary":
        return [("secondary", 5 / 7 if u.high >= 18 and u.low < 14 else 1.0)]
    return []


# Shares of authorised and unauthorised absence by reason (the rest is "other").
_AUTHORISED_REASONS: dict[str, dict[str, float]] = {
    "primary": {
        "illness": 0.6,
        "appointments": 0.09,
        "religious": 0.012,
        "study": 0.0005,
        "traveller": 0.003,
        "holiday": 0.012,
        "ext_holiday": 0.002,
        "excluded": 0.004,
    },
    "secondary": {
        "illness": 0.55,
        "appointments": 0.07,
        "religious": 0.008,
        "study": 0.004,
        "traveller": 0.002,
        "holiday": 0.006,
        "ext_holiday": 0.001,
        "excluded": 0.04,
    },
    "special": {
        "illness": 0.5,
        "appointments": 0.15,
        "religious": 0.004,
        "study": 0.001,
        "traveller": 0.001,
        "holiday": 0.004,
        "ext_holiday": 0.001,
        "excluded": 0.02,
    },
}
_NEW_CODES = {
    "interview": 0.001,
    "reg_performance": 0.0008,
    "temp_reduced_timetable": 0.004,
}
_UNAUTHORISED_REASONS: dict[str, dict[str, float]] = {
    "primary": {"holiday": 0.25, "late": 0.07, "noyet": 0.05},
    "secondary": {"holiday": 0.1, "late": 0.05, "noyet": 0.06},
    "special": {"holiday": 0.05, "late": 0.04, "noyet": 0.05},
}
_AUTHORISED_COLUMNS = (
    "illness",
    "appointments",
    "religious",
    "study",
    "traveller",
    "holiday",
    "ext_holiday",
    "excluded",
    "interview",
    "reg_performance",
    "temp_reduced_timetable",
    "other",
)
_UNAUTHORISED_COLUMNS = ("holiday", "late", "other", "noyet")


def _absence_tally(
    rng: random.Random,
    *,
    enrolments: int,
    phase: str,
    y: int,
    zb: float,
    noisy: bool,
) -> Tally:
    nat = ABSENCE_ENGLAND[phase][y]
    overall = nat[0] + _ABSENCE_SPREAD[phase] * zb
    if noisy:
        overall += rng.gauss(0, 5 / math.sqrt(max(1, enrolments)))
    overall = max(1.6, overall)
    unauthorised_share = min(0.8, max(0.05, nat[2] / nat[0] * math.exp(0.25 * zb)))
    per_pupil = rng.uniform(300, 330) if noisy else 316.0
    possible = round(enrolments * per_pupil)
    absent = round(possible * overall / 100)
    unauthorised = round(absent * unauthorised_share)
    authorised = absent - unauthorised
    persistent = nat[3] + (overall - nat[0]) * nat[3] / nat[0] * 1.25
    pa10 = _count(rng, enrolments, min(90.0, max(0.5, persistent)), noisy)
    pa50 = min(pa10, _count(rng, enrolments, nat[4] * (overall / nat[0]) ** 2.2, noisy))
    # Persistent absentees miss about a fifth of their sessions: most of the absence.
    pa_possible = round(pa10 * per_pupil * 0.96)
    pa_absent = round(absent * min(0.9, 0.55 + 0.3 * pa10 / max(1, enrolments)))
    pa_absent = min(pa_absent, round(pa_possible * 0.6))
    pa_unauthorised = min(
        unauthorised, round(pa_absent * min(0.9, unauthorised_share * 1.3))
    )
    pa_authorised = min(authorised, pa_absent - pa_unauthorised)
    pa_absent = pa_authorised + pa_unauthorised
    t: Tally = {
        "enrolments": enrolments,
        "possible": possible,
        "absent": absent,
        "authorised": authorised,
        "unauthorised": unauthorised,
        "pa10": pa10,
        "pa50": pa50,
        "pa_possible": pa_possible,
        "pa_absent": pa_absent,
        "pa_authorised": pa_authorised,
        "pa_unauthorised": pa_unauthorised,
        "exceptional": round(possible * 0.0003),
        "la_arrangements": round(possible * 0.0002) if y == 2 else 0,
    }
    shares = dict(_AUTHORISED_REASONS[phase])
    if y == 2:  # codes introduced in August 2024
        shares.update(_NEW_CODES)
    given = 0
    for reason, share in shares.items():
        t[f"auth_{reason}"] = n = round(authorised * share)
        given += n
    t["auth_other"] = authorised - given
    given = 0
    for reason, share in _UNAUTHORISED_REASONS[phase].items():
        t[f"unauth_{reason}"] = n = round(unauthorised * share)
        given += n
    t["unauth_other"] = unauthorised - given
    return t


def _absence_values(t: Tally, y: int) -> dict[str, str]:
    possible, enrolments = t["possible"], t["enrolments"]
    if enrolments < 6:  # too few pupils to publish
        return {"enrolments": str(int(enrolments))} | dict.fromkeys(
            _ABSENCE_MEASURES, "c"
        )

    def rate(n: float, d: float = possible) -> str:
        return _fixed(100 * n / d, 2) if d else "z"

    out = {
        "enrolments": str(int(enrolments)),
        "sess_possible": str(int(possible)),
        "sess_overall": str(int(t["absent"])),
        "sess_authorised": str(int(t["authorised"])),
        "sess_unauthorised": str(int(t["unauthorised"])),
        "sess_overall_percent": rate(t["absent"]),
        "sess_authorised_percent": rate(t["authorised"]),
        "sess_unauthorised_percent": rate(t["unauthorised"]),
        "enrolments_pa_10_exact": str(int(t["pa10"])),
        "enrolments_pa_10_exact_percent": _ees_pct(t["pa10"], enrolments),
        "sess_possible_pa_10_exact": str(int(t["pa_possible"])),
        "sess_overall_pa_10_exact": str(int(t["pa_absent"])),
        "sess_authorised_pa_10_exact": str(int(t["pa_authorised"])),
        "sess_unauthorised_pa_10_exact": str(int(t["pa_unauthorised"])),
        "sess_overall_percent_pa_10_exact": rate(t["pa_absent"], t["pa_possible"]),
        "sess_authorised_percent_pa_10_exact": rate(
            t["pa_authorised"], t["pa_possible"]
        ),
        "sess_unauthorised_percent_pa_10_exact": rate(
            t["pa_unauthorised"], t["pa_possible"]
        ),
        "enrolments_pa_50_exact": str(int(t["pa50"])),
        "enrolments_pa_50_exact_percent": _ees_pct(t["pa50"], enrolments),
        "sess_auth_totalreasons": str(int(t["authorised"])),
        "sess_unauth_totalreasons": str(int(t["unauthorised"])),
        "sess_overall_totalreasons": str(int(t["absent"])),
        "sess_x_covid": "z",
        "sess_x_covid_rate": "z",
        "sess_y_exceptional": str(int(t["exceptional"])),
        "sess_q_la_arrangements": str(int(t["la_arrangements"])) if y == 2 else "x",
        "sess_auth_totalreasons_rate": rate(t["authorised"]),
        "sess_unauth_totalreasons_rate": rate(t["unauthorised"]),
        "sess_overall_totalreasons_rate": rate(t["absent"]),
    }
    for reason in _AUTHORISED_COLUMNS:
        new = reason in _NEW_CODES and y < 2
        n = t.get(f"auth_{reason}", 0)
        out[f"sess_auth_{reason}"] = "x" if new else str(int(n))
        out[f"sess_auth_{reason}_rate"] = "x" if new else rate(n)
    for reason in _UNAUTHORISED_COLUMNS:
        n = t[f"unauth_{reason}"]
        out[f"sess_unauth_{reason}"] = str(int(n))
        out[f"sess_unauth_{reason}_rate"] = rate(n)
    return out


_ABSENCE_MEASURES = ABSENCE_HEADER[ABSENCE_HEADER.index("enrolments") + 1 :]


def _absence_la(la: LaInfo, phase: str, y: int, rng: random.Random) -> Tally:
    share = _ENROLMENTS_ENGLAND[phase] / 150 * la.size
    return _absence_tally(
        rng, enrolments=round(share), phase=phase, y=y, zb=la.eff_b, noisy=False
    )


def _absence_england(phase: str, y: int, rng: random.Random) -> Tally:
    return _absence_tally(
        rng, enrolments=_ENROLMENTS_ENGLAND[phase], phase=phase, y=y, zb=0, noisy=False
    )


def _write_absence(path: Path, world: World, seed: int) -> int:
    rng = random.Random(f"official-absence-{world.size}-{seed}")
    header = ABSENCE_HEADER
    known = set(header)

    def rows() -> Iterator[list[str]]:
        for y in range(3):  # oldest first, as the real file (not newest first)
            totals: dict[tuple[str, str], Tally] = {}
            common = {"time_period": PERIODS[y]}
            for u in world.units:
                if not u.open_on(_CENSUS[y]):
                    continue
                shares = _phase_shares(u)
                for phase, share in shares:
                    enrolments = round(u.pupils * share)
                    if enrolments == 0:
                        continue
                    t = _absence_tally(
                        rng,
                        enrolments=enrolments,
                        phase=phase,
                        y=y,
                        zb=u.zb(y, rng),
                        noisy=u.noisy,
                    )
                    if u.la.full:
                        _add(totals.setdefault((u.la.code, phase), {}), t)
                    row = common | _ees_place("School", u.la) | _academy_columns(u)
                    row["education_phase"] = EES_PHASES[phase]
                    row["all_through"] = "Yes" if len(shares) > 1 else "No"
                    row.update(_absence_values(t, y))
                    yield _cells(header, known, row)
            for code in world.la_rows:
                la = world.las[code]
                for phase, label in EES_PHASES.items():
                    found = (
                        totals.get((code, phase))
                        if la.full
                        else _absence_la(la, phase, y, rng)
                    )
                    if not found:
                        continue
                    row = common | _ees_place("Local authority", la)
                    row["education_phase"] = label
                    row.update(_absence_values(found, y))
                    yield _cells(header, known, row)
            for phase, label in EES_PHASES.items():
                row = common | _ees_place("National", None)
                row["education_phase"] = label
                row.update(_absence_values(_absence_england(phase, y, rng), y))
                yield _cells(header, known, row)

    return _write(path, header, rows(), crlf=False)


def _exclusions_tally(
    rng: random.Random,
    *,
    headcount: int,
    pupils: float,
    phase: str,
    y: int,
    zx: float,
    noisy: bool,
) -> Tally:
    """``pupils``: on roll during the year (a school that closed before the census has
    no headcount but did have pupils, and suspensions, in the autumn)."""
    perm_rate, susp_rate, one_plus_rate = EXCLUSIONS_ENGLAND[phase][y]
    susp = _poisson(rng, pupils * susp_rate / 100 * math.exp(0.8 * zx), noisy)
    perm = _poisson(rng, pupils * perm_rate / 100 * math.exp(0.6 * zx), noisy)
    ratio = one_plus_rate / susp_rate * (rng.uniform(0.85, 1.15) if noisy else 1.0)
    one_plus = min(susp, max(1 if susp else 0, round(susp * ratio)))
    return {"headcount": headcount, "perm": perm, "susp": susp, "one_plus": one_plus}


def _exclusions_values(t: Tally) -> dict[str, str]:
    headcount = t["headcount"]

    def rate(n: float) -> str:
        return _fixed(100 * n / headcount, 2) if headcount else "x"

    return {
        "headcount": str(int(headcount)),
        "perm_excl": str(int(t["perm"])),
        "perm_excl_rate": rate(t["perm"]),
        "suspension": str(int(t["susp"])),
        "susp_rate": rate(t["susp"]),
        "one_plus_susp": str(int(t["one_plus"])),
        "one_plus_susp_rate": rate(t["one_plus"]),
    }


def _exclusions_la(la: LaInfo, phase: str, y: int, rng: random.Random) -> Tally:
    headcount = round(_HEADCOUNT_ENGLAND[phase] / 150 * la.size)
    return _exclusions_tally(
        rng,
        headcount=headcount,
        pupils=headcount,
        phase=phase,
        y=y,
        zx=la.eff_x,
        noisy=False,
    )


def _exclusions_england(phase: str, y: int, rng: random.Random) -> Tally:
    headcount = _HEADCOUNT_ENGLAND[phase]
    return _exclusions_tally(
        rng,
        headcount=headcount,
        pupils=headcount,
        phase=phase,
        y=y,
        zx=0.0,
        noisy=False,
    )


def _write_exclusions(path: Path, world: World, seed: int) -> int:
    rng = random.Random(f"official-exclusions-{world.size}-{seed}")
    header = EXCLUSIONS_HEADER
    known = set(header)

    def rows() -> Iterator[list[str]]:
        for y in (2, 1, 0):  # newest year first, as the real file
            totals: dict[tuple[str, str], Tally] = {}
            common = {"time_period": PERIODS[y]}
            for u in world.units:
                if not u.open_during(_YEAR_FIRST[y], _YEAR_LAST[y]):
                    continue
                on_roll = u.open_on(_CENSUS[y])
                shares = _phase_shares(u)
                for phase, share in shares:
                    # headcount is every pupil on roll, split only by phase
                    pupils = round(u.pupils * share / sum(s for _, s in shares))
                    if pupils == 0:
                        continue
                    t = _exclusions_tally(
                        rng,
                        headcount=pupils if on_roll else 0,
                        pupils=pupils if on_roll else pupils * 0.35,
                        phase=phase,
                        y=y,
                        # less 0.4: exp(0.8 z) of a unit normal z averages exp(0.32)
                        zx=u.zx(y, rng) - (0.4 if u.noisy else 0.0),
                        noisy=u.noisy,
                    )
                    if u.la.full:
                        _add(totals.setdefault((u.la.code, phase), {}), t)
                    row = common | _ees_place("School", u.la) | _academy_columns(u)
                    row["education_phase"] = EES_PHASES[phase]
                    row.update(_exclusions_values(t))
                    yield _cells(header, known, row)
            for code in world.la_rows:
                la = world.las[code]
                every: Tally = {}
                for phase, label in EES_PHASES.items():
                    found = (
                        totals.get((code, phase))
                        if la.full
                        else _exclusions_la(la, phase, y, rng)
                    )
                    if not found:
                        continue
                    _add(every, found)
                    row = common | _ees_place("Local authority", la)
                    row["education_phase"] = label
                    row.update(_exclusions_values(found))
                    yield _cells(header, known, row)
                if every:
                    row = common | _ees_place("Local authority", la)
                    row["education_phase"] = "Total"
                    row.update(_exclusions_values(every))
                    yield _cells(header, known, row)
            every = {}
            for phase, label in EES_PHASES.items():
                t = _exclusions_england(phase, y, rng)
                _add(every, t)
                row = common | _ees_place("National", None)
                row["education_phase"] = label
                row.update(_exclusions_values(t))
                yield _cells(header, known, row)
            row = common | _ees_place("National", None)
            row["education_phase"] = "Total"
            row.update(_exclusions_values(every))
            yield _cells(header, known, row)

    return _write(path, header, rows(), crlf=False)


# ---------------------------------------------------------------------------------------
# Generating


@dataclass(frozen=True)
class OfficialFile:
    kind: str  # ofsted, ks2, ks4, absence or exclusions
    path: Path
    rows: int


def build_world(
    size: str = "area", seed: int = DEFAULT_SEED, la_count: int = NATIONAL_LA_COUNT
) -> World:
    """The schools behind the files (exposed for tests and demonstrations)."""
    if size == "area":
        return _area_world(seed)
    if size == "national":
        return _national_world(seed, la_count)
    raise ValueError(f"unknown size {size!r}: expected 'area' or 'national'")


def write_official(
    out_dir: Path,
    *,
    size: str = "area",
    seed: int = DEFAULT_SEED,
    la_count: int = NATIONAL_LA_COUNT,
) -> list[OfficialFile]:
    """Write the official files for ``size`` into ``out_dir``; what was written, with
    its data rows, in the order to import it."""
    out_dir = Path(out_dir)
    world = build_world(size, seed, la_count)
    inspections = _inspections(world, seed)
    written: list[OfficialFile] = []

    def add(kind: str, name: str, write: Callable[..., int], *args: Any) -> None:
        path = out_dir / name
        written.append(OfficialFile(kind, path, write(path, world, *args)))

    dates = OFSTED_DATES if size == "area" else OFSTED_DATES[-1:]
    for day, era in dates:
        add("ofsted", ofsted_file_name(day), _write_ofsted, inspections, day, era)
    for y, name in enumerate(KS2_CSCP_FILES):
        add("ks2", name, _write_ks2_cscp, y, seed)
    add("ks2", KS2_EES_FILE, _write_ks2_ees, seed)
    add("ks4", KS4_CSCP_FILE, _write_ks4_cscp, seed)
    for y, name in zip((1, 2), KS4_EES_FILES, strict=True):
        add("ks4", name, _write_ks4_ees, y, seed)
    add("absence", ABSENCE_FILE, _write_absence, seed)
    add("exclusions", EXCLUSIONS_FILE, _write_exclusions, seed)
    return written


def generate_official(
    out_dir: Path,
    *,
    size: str = "area",
    seed: int = DEFAULT_SEED,
    la_count: int = NATIONAL_LA_COUNT,
) -> list[tuple[str, Path]]:
    """Write the official files for ``size`` ("area" or "national") into ``out_dir``
    and return (kind, path) in the order they should be imported; kinds are "ofsted",
    "ks2", "ks4", "absence" and "exclusions". ``la_count`` makes a smaller national set
    (as ``generate_national``'s does)."""
    return [
        (f.kind, f.path)
        for f in write_official(out_dir, size=size, seed=seed, la_count=la_count)
    ]
