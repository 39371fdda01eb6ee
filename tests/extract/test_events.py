"""Event extraction end to end (ingest -> language -> extract -> geo) on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from tests.extract.conftest import of_type


def test_capture_of_a_district_with_day_date_and_province(extract):
    events, _, _ = extract(
        "Insurgents loyal to the Taliban seized Khwahan district of Badakhshan province on 3 July, "
        "local officials said.",
        "2021-07-06",
    )
    caps = of_type(events, "territory_captured")
    assert len(caps) == 1
    ev = caps[0]
    assert ev.actor1 == "Taliban"
    assert ev.actor2 == "Afghan government forces"
    assert ev.location.admin1 == "Badakhshan"
    assert ev.location.admin2_pcode == "AF1720"
    assert ev.date == dt.date(2021, 7, 3)
    assert ev.date_precision == "day"
    assert ev.evidence.text.startswith("Insurgents loyal")


def test_list_of_districts_gives_one_event_per_district(extract):
    events, _, _ = extract(
        "The Taliban have overrun the Khwahan, Shekay and Nusay districts of Badakhshan province without a fight."
    )
    caps = of_type(events, "territory_captured")
    assert sorted(e.location.admin2_pcode for e in caps) == ["AF1720", "AF1724", "AF1727"]
    assert all(e.transfer == "peaceful" for e in caps)


def test_transliterations_resolve_to_the_same_district(extract):
    for spelling in ("Shugnan", "Shighnan", "Shugnon"):
        events, _, _ = extract(f"Taliban fighters captured the {spelling} district of Badakhshan on Monday.")
        caps = of_type(events, "territory_captured")
        assert [e.location.admin2_pcode for e in caps] == ["AF1719"], spelling


def test_homonym_district_takes_the_province_named_nearby(extract):
    kapisa, _, _ = extract("The Taliban captured Tagab district in Kapisa province on Sunday.")
    badakhshan, _, _ = extract("The Taliban captured Tagab district in Badakhshan province on Sunday.")
    assert [e.location.admin2_pcode for e in of_type(kapisa, "territory_captured")] == ["AF0206"]
    assert [e.location.admin2_pcode for e in of_type(badakhshan, "territory_captured")] == ["AF1717"]


def test_homonym_with_province_two_sentences_earlier(extract):
    text = (
        "Fighting has spread across Kapisa province this week. Residents described long queues at bakeries. "
        "On Friday the militants captured Tagab district after a two-day battle."
    )
    events, _, _ = extract(text, "2021-07-04")
    caps = of_type(events, "territory_captured")
    assert [e.location.admin2_pcode for e in caps] == ["AF0206"]
    assert caps[0].date == dt.date(2021, 7, 2)


def test_surrender_with_number_and_village(extract):
    events, _, _ = extract(
        "Near the village of Deh Kalan in the Zhari district, 120 soldiers surrendered to the Taliban on Sunday."
    )
    surr = of_type(events, "surrender")
    assert len(surr) == 1
    ev = surr[0]
    assert ev.actor1 == "Afghan government forces"
    assert ev.actor2 == "Taliban"
    assert ev.location.admin2_pcode == "AF2705"
    assert [(q.value, q.unit) for q in ev.quantities] == [(120, "personnel")]


def test_several_events_in_one_sentence_and_context_from_previous_sentence(extract):
    text = (
        "On Saturday the Taliban overran an army base in Saydabad district of Wardak province. "
        "Some 75 soldiers surrendered and the militants seized 12 Humvees and 300 rifles."
    )
    events, _, _ = extract(text, "2021-07-05")
    base = of_type(events, "territory_captured")
    surr = of_type(events, "surrender")
    mat = of_type(events, "materiel_captured")
    assert len(base) == 1 and len(surr) == 1 and len(mat) == 1
    assert surr[0].location.admin2_pcode == "AF0405"
    assert surr[0].date == dt.date(2021, 7, 3)
    assert surr[0].quantities[0].value == 75 and surr[0].quantities[0].approx
    assert sorted((q.unit, q.value) for q in mat[0].quantities) == [("vehicles", 12), ("weapons", 300)]
    assert mat[0].location.admin2_pcode == "AF0405"


def test_cross_border_flight_is_placed_where_they_fled_from(extract):
    events, _, _ = extract(
        "Last night, 1,037 Afghan soldiers retreated into Tajikistan after Taliban attacks in Badakhshan province.",
        "2021-07-05",
    )
    flight = of_type(events, "cross_border_flight")
    assert len(flight) == 1
    assert flight[0].location.admin1 == "Badakhshan"
    assert flight[0].location.country == "AF"
    assert flight[0].quantities[0].value == 1037
    assert flight[0].date == dt.date(2021, 7, 4)


def test_air_strike_takes_casualties_from_the_next_sentence(extract):
    text = (
        "The Afghan Air Force bombed Taliban positions in Helmand province on Thursday. "
        "According to the army corps, 27 militants were killed."
    )
    events, _, _ = extract(text, "2021-07-10")
    strikes = of_type(events, "air_strike")
    assert len(strikes) == 1
    assert strikes[0].fatalities == 27
    assert strikes[0].actor1 == "Afghan government forces"
    assert strikes[0].actor2 == "Taliban"
    assert strikes[0].location.admin1 in ("Helmand", "Hilmand")


def test_state_mobilisation_is_placed_in_that_state(extract):
    events, _, _ = extract(
        "On July 5, the President of Tajikistan ordered the call-up of 20,000 reservists to reinforce the border "
        "with Afghanistan. Tajikistan mobilized 20,000 reservists."
    )
    mob = of_type(events, "mobilization")
    assert mob, events
    assert mob[0].actor1 == "Tajikistan"
    assert mob[0].location.country == "TJ"
    assert mob[0].quantities[0].value == 20000


def test_withdrawal_of_foreign_troops(extract):
    events, _, _ = extract("All US troops left Bagram air base on Friday, officials said.", "2021-07-03")
    wd = of_type(events, "troop_withdrawal")
    assert len(wd) == 1
    assert wd[0].actor1 == "US forces"
    assert wd[0].location.admin1 == "Parwan"


def test_retake_by_government_forces(extract):
    events, _, _ = extract(
        "Government forces retook Dasht-e-Archi district of Kunduz province from the Taliban on Tuesday."
    )
    rt = of_type(events, "territory_retaken")
    assert len(rt) == 1
    assert rt[0].actor1 == "Afghan government forces"
    assert rt[0].actor2 == "Taliban"


# --------------------------------------------------------------------------- what is not an event


def test_near_miss_is_not_a_capture(extract):
    exported, _, every = extract(
        "On July 3, the Taliban were on the verge of taking Faizabad, the capital of Badakhshan."
    )
    assert of_type(exported, "territory_captured") == []
    assert [e.modality for e in of_type(every, "territory_captured")] == ["predicted"]


def test_prediction_and_intention_are_not_exported(extract):
    exported, _, _ = extract(
        "Analysts warn that Kunduz could fall within weeks. The Taliban said they would not attack provincial "
        "capitals until September. The army plans to retake Imam Sahib district."
    )
    assert exported == []


def test_operation_to_retake_is_planned(extract):
    exported, _, every = extract(
        "Afghan forces launched an operation to retake Spin Boldak district on Thursday."
    )
    assert of_type(exported, "territory_retaken") == []
    assert of_type(every, "territory_retaken")[0].modality == "planned"


def test_negations_are_not_exported(extract):
    exported, _, every = extract(
        "No attacks were reported in Faizabad on Monday. The Taliban did not capture Khash district. "
        "A ministry spokesman denied that Shekay district had fallen to the Taliban."
    )
    assert exported == []
    assert every and all(e.modality == "negated" for e in every)


def test_history_is_not_an_event(extract):
    exported, _, _ = extract(
        "From 1996 to 2001, the Taliban captured most of Afghanistan and ruled from Kandahar."
    )
    assert exported == []


def test_generic_statements_are_not_events(extract):
    exported, _, _ = extract(
        "The Taliban continue to seize more and more territory across the country. "
        "For every eight areas captured by the militants, the army takes back four."
    )
    assert exported == []


def test_headline_is_not_counted_twice(extract):
    text = (
        "Taliban Capture Khwahan District In Badakhshan\n\n"
        "The Taliban captured Khwahan district of Badakhshan province on Sunday, officials said."
    )
    events, _, _ = extract(text, "2021-07-05")
    assert len(of_type(events, "territory_captured")) == 1


def test_comment_section_yields_nothing(extract):
    text = (
        "The Taliban captured Khwahan district of Badakhshan province on Sunday.\n\n"
        "Comments\n\n"
        "Tom R.\n\nI heard the Taliban also captured Shekay district and killed 500 soldiers.\n\n"
        "Last edited 3 days ago by Tom R.\n"
    )
    events, _, _ = extract(text, "2021-07-05")
    assert [e.location.admin2_pcode for e in events] == ["AF1720"]


# --------------------------------------------------------------------------- modality and attribution


def test_claim_by_a_party_is_claimed_and_attributed(extract):
    events, _, _ = extract(
        "The Taliban said on Sunday that their fighters had captured Khwahan district of Badakhshan province."
    )
    caps = of_type(events, "territory_captured")
    assert caps and caps[0].modality == "claimed"
    assert caps[0].attributed_to == "Taliban"


def test_according_to_an_outlet_is_reported(extract):
    events, _, _ = extract(
        "The Taliban captured Khwahan district of Badakhshan province on Sunday, according to Reuters."
    )
    caps = of_type(events, "territory_captured")
    assert caps[0].modality == "reported"
    assert caps[0].attributed_to == "Reuters"


def test_alleged(extract):
    events, _, _ = extract(
        "Taliban fighters allegedly executed 12 captured soldiers in Malistan district of Ghazni."
    )
    att = of_type(events, "attack_on_captives_or_civilians")
    assert att and att[0].modality == "alleged"


def test_generic_words_resolve_to_the_article_group(extract):
    text = (
        "The Taliban are pressing on in the north. "
        "On Monday the terrorists seized the Shighnan district of Badakhshan province."
    )
    events, _, _ = extract(text, "2021-07-06")
    assert of_type(events, "territory_captured")[0].actor1 == "Taliban"


def test_unresolved_relative_date_without_publication_date(extract):
    events, _, _ = extract("Last night the Taliban captured Khwahan district of Badakhshan province.", None)
    caps = of_type(events, "territory_captured")
    assert caps and caps[0].date is None and caps[0].date_precision == "unknown"


def test_evidence_offsets_point_into_the_cleaned_text(pipeline):
    from sitrep.ingest import from_text

    art = from_text(
        "Intro line about the war.\n\nThe Taliban captured Khwahan district of Badakhshan province on Sunday.",
        fmt="text",
        published=dt.date(2021, 7, 5),
    )
    result = pipeline.extract(art)
    ev = result.events[0]
    assert art.text[ev.evidence.start : ev.evidence.end] == ev.evidence.text


# --------------------------------------------------------------------------- more phrasings


def test_a_day_earlier_is_relative_to_the_previous_event(extract):
    text = (
        "On Saturday, Keshem district of Badakhshan province fell to the Taliban. "
        "A day earlier, Yawan district came under the control of the Taliban."
    )
    events, _, _ = extract(text, "2021-07-12")
    dates = {e.location.admin2_pcode: e.date for e in of_type(events, "territory_captured")}
    assert dates == {"AF1715": dt.date(2021, 7, 10), "AF1709": dt.date(2021, 7, 9)}


def test_soldiers_joining_the_insurgents_is_a_defection(extract):
    events, _, _ = extract("Dozens of soldiers joined the Taliban in Yawan district of Badakhshan province.")
    (d,) = of_type(events, "defection")
    assert (d.actor1, d.actor2) == ("Afghan government forces", "Taliban")
    assert d.quantities[0].value == 12 and d.quantities[0].approx


def test_place_in_a_nested_clause_places_the_outer_event(extract):
    events, _, _ = extract(
        "Taliban fighters executed at least 22 commandos who had surrendered in Dawlat Abad, Faryab province."
    )
    (att,) = of_type(events, "attack_on_captives_or_civilians")
    assert att.location.admin1 == "Faryab"
    assert att.fatalities == 22


def test_a_road_named_after_two_cities_is_not_a_city(extract):
    events, _, _ = extract(
        "The Taliban have set up checkpoints on the Kabul-Kandahar highway in Ghazni province."
    )
    (b,) = of_type(events, "base_established")
    assert b.location.admin1 == "Ghazni"


def test_pronoun_in_a_reported_clause_is_the_speaker(extract):
    events, _, _ = extract(
        "Refugees crossed into Iran on Monday. Russia's Defense Ministry said it had sent 17 tanks and more troops to its base in Tajikistan."
    )
    (dep,) = of_type(events, "deployment")
    assert dep.actor1 == "Russia"
    assert dep.location.country == "TJ"
    assert [(q.value, q.unit) for q in dep.quantities] == [(17, "vehicles")]


def test_civilians_fleeing_abroad_are_displacement(extract):
    events, _, _ = extract("Hundreds of Afghan traders fled across the border into Iran from Herat province.")
    assert of_type(events, "cross_border_flight") == []
    assert of_type(events, "displacement")


def test_who_pushed_whom_out_decides_capture_or_retake(extract):
    gov, _, _ = extract("Afghan commandos pushed Taliban fighters out of Lashkar Gah on Wednesday.")
    tal, _, _ = extract("Taliban fighters pushed government troops out of Lashkar Gah on Wednesday.")
    assert of_type(gov, "territory_retaken") and not of_type(gov, "territory_captured")
    assert of_type(tal, "territory_captured") and not of_type(tal, "territory_retaken")


def test_casualty_bulletin_is_a_clash_per_province_with_shared_fatalities(extract):
    events, _, _ = extract(
        "According to the Afghan Ministry of Defense, 100 Taliban terrorists were killed in operations "
        "in Nangarhar, Laghman and Ghazni provinces over the past 24 hours.",
        "2021-07-19",
    )
    clashes = of_type(events, "armed_clash")
    assert sorted(e.location.admin1_pcode for e in clashes) == ["AF06", "AF07", "AF11"]
    assert sorted(e.fatalities for e in clashes) == [33, 33, 34]
    assert all(e.actor1 == "Afghan government forces" and e.actor2 == "Taliban" for e in clashes)
    assert all(e.modality == "claimed" and e.date == dt.date(2021, 7, 18) for e in clashes)


def test_district_then_its_province_is_one_place_not_a_list(extract):
    events, _, _ = extract("The Taliban captured Dawlat Abad, Faryab province, on Friday.")
    assert [e.location.admin2_pcode for e in of_type(events, "territory_captured")] == ["AF2909"]


def test_claimed_to_have_captured_is_a_claim_not_a_plan(extract):
    events, _, _ = extract(
        "The Taliban claimed on Monday to have captured Khwahan district in Badakhshan province."
    )
    (cap,) = of_type(events, "territory_captured")
    assert cap.modality == "claimed"


def test_capture_of_a_border_post_is_not_placed_in_the_neighbour(extract):
    events, _, _ = extract(
        "Fighting raged in Herat province. The Taliban took over the border port with Turkmenistan."
    )
    caps = of_type(events, "territory_captured")
    assert caps and all(e.location.country == "AF" for e in caps)


def test_withdrawal_progress_is_an_event_and_a_claim(extract):
    events, claims, _ = extract(
        "The withdrawal of U.S. troops is more than 90 percent complete, US Central Command said."
    )
    (wd,) = of_type(events, "troop_withdrawal")
    assert wd.actor1 == "US forces"
    assert [(c.metric, c.value) for c in claims] == [("withdrawal_progress", 90.0)]


def test_districts_that_fell_without_a_captor_named(extract):
    events, _, _ = extract(
        "The Taliban offensive in the north goes on. The districts of Khwahan, Shekay and Nusay in Badakhshan "
        "fell overnight after brief clashes, according to a spokesman for the provincial governor."
    )
    caps = of_type(events, "territory_captured")
    assert sorted(e.location.admin2_pcode for e in caps) == ["AF1720", "AF1724", "AF1727"]
    assert {e.actor1 for e in caps} == {"Taliban"}
    assert all(e.transfer == "fighting" for e in caps)


def test_fell_with_a_place_subject_names_the_article_group(extract):
    events, _, _ = extract(
        "Taliban fighters have advanced across the north this month. Khwahan fell on Sunday, officials said."
    )
    (cap,) = of_type(events, "territory_captured")
    assert (cap.actor1, cap.location.admin2_pcode, cap.date) == ("Taliban", "AF1720", dt.date(2021, 7, 4))


def test_things_that_fell_are_not_places_that_fell(extract):
    text = (
        "The Taliban are fighting in Badakhshan. Prices in Khwahan fell sharply on Monday. "
        "Rockets fell on the outskirts of Faizabad on Sunday. The district centre fell silent at night."
    )
    _, _, every = extract(text)
    assert of_type(every, "territory_captured") == []


def test_he_said_is_the_source_cited_just_before(extract):
    text = (
        "The Taliban captured Khwahan district on Sunday, according to Ahmad Jawid, a spokesman for the "
        "Badakhshan governor. He said around 40 soldiers had surrendered to the militants in Shekay."
    )
    events, _, _ = extract(text)
    (sur,) = of_type(events, "surrender")
    assert sur.attributed_to == "Ahmad Jawid"
    alone, _, _ = extract("He said around 40 soldiers had surrendered to the militants in Shekay district.")
    assert [e.attributed_to for e in of_type(alone, "surrender")] == [None]


def test_apposition_of_the_speaker_is_kept_whole(extract):
    events, _, _ = extract(
        "A Taliban spokesman, Zabihullah Mujahid, said the group's fighters had seized 12 Humvees "
        "in Khwahan district of Badakhshan."
    )
    (mat,) = of_type(events, "materiel_captured")
    assert mat.attributed_to == "Taliban spokesman Zabihullah Mujahid"
    assert mat.modality == "claimed"


def test_short_country_names_are_actors_in_their_written_case(extract):
    events, _, _ = extract("Iran closed its border crossings with Afghanistan on Sunday, Iranian media said.")
    (closure,) = of_type(events, "border_closure")
    assert closure.actor1 == "Iran"


def test_a_negated_coordinated_verb_does_not_negate_the_other(extract):
    text = (
        "Residents said the Taliban were massing on the outskirts of Faizabad on Monday "
        "but had not attacked the city."
    )
    events, _, every = extract(text)
    assert [e.actor1 for e in of_type(events, "troop_movement")] == ["Taliban"]
    assert [e.modality for e in of_type(every, "armed_clash")] == ["negated"]


def test_an_assault_pressed_on_two_districts_is_two_clashes(extract):
    events, _, _ = extract(
        "The Taliban pressed an assault on Khwahan and Shekay districts of Badakhshan on Saturday."
    )
    clashes = of_type(events, "armed_clash")
    assert sorted(e.location.admin2_pcode for e in clashes) == ["AF1720", "AF1724"]
    assert all(e.actor1 == "Taliban" for e in clashes)


def test_agency_dateline_is_not_the_place_of_the_event(extract):
    text = (
        "DUSHANBE, July 5. /TASS/. More than a thousand Afghan soldiers retreated into Tajik territory on "
        "Sunday night after clashes with the Taliban, Tajik border officials said."
    )
    events, _, _ = extract(text, "2021-07-05")
    (flight,) = of_type(events, "cross_border_flight")
    assert flight.location.country == "AF" and flight.location.place is None
    assert flight.evidence.text.startswith("More than a thousand")
    assert flight.date == dt.date(2021, 7, 4)


def test_possessive_pronoun_in_a_reported_clause_is_the_speaker(extract):
    text = (
        "NATO troops held exercises in Lithuania last week. "
        "The US military said its withdrawal from Afghanistan was more than 90% complete."
    )
    events, _, _ = extract(text)
    assert [e.actor1 for e in of_type(events, "troop_withdrawal")] == ["US forces"]


def test_ordered_mobilization_is_an_event_and_its_purpose_is_not(extract):
    events, _, every = extract(
        "The president of Tajikistan ordered the mobilization of 20,000 reservists to reinforce the "
        "border with Afghanistan, his office said."
    )
    (mob,) = of_type(events, "mobilization")
    assert mob.actor1 == "Tajikistan" and mob.location.country == "TJ"
    assert [q.value for q in mob.quantities] == [20000]
    assert of_type(events, "deployment") == []
    assert [e.modality for e in of_type(every, "deployment")] == ["planned"]


def test_passive_capture_with_the_place_as_subject(extract):
    events, _, _ = extract(
        "KUNDUZ — Khan Abad district was captured by the Taliban on Monday after government troops "
        "abandoned their positions, a provincial council member said."
    )
    (cap,) = of_type(events, "territory_captured")
    assert (cap.actor1, cap.location.admin2_pcode, cap.date) == ("Taliban", "AF1904", dt.date(2021, 7, 5))


def test_came_under_taliban_control(extract):
    events, _, _ = extract("Imam Sahib district also came under Taliban control late on Sunday, he added.")
    (cap,) = of_type(events, "territory_captured")
    assert (cap.actor1, cap.location.admin2_pcode, cap.date) == ("Taliban", "AF1905", dt.date(2021, 7, 4))


def test_bulletin_for_other_places_is_not_the_previous_events_toll(extract):
    text = (
        "The Taliban captured Khwahan district of Badakhshan on Monday. "
        "The Ministry of Defense said 120 Taliban militants were killed over the past 24 hours in "
        "operations in Kandahar and Helmand provinces."
    )
    events, _, _ = extract(text)
    (cap,) = of_type(events, "territory_captured")
    assert cap.fatalities is None
    clashes = of_type(events, "armed_clash")
    assert sorted(e.location.admin1_pcode for e in clashes) == ["AF27", "AF30"]  # Kandahar, Helmand
    assert {(e.actor1, e.actor2) for e in clashes} == {("Afghan government forces", "Taliban")}
    assert sorted(e.fatalities for e in clashes) == [60, 60]


def test_civilians_killed_by_an_unnamed_hand_and_by_a_named_one(extract):
    text = (
        "Five civilians were killed when a mortar round hit a house in Khwahan district of Badakhshan "
        "on Monday, residents said.\n\n"
        "Two civilians were killed by the Taliban in Shekay district on Sunday, residents alleged.\n\n"
        "No civilians were killed in the attack on Nusay district, officials said."
    )
    events, _, _ = extract(text)
    attacks = of_type(events, "attack_on_captives_or_civilians")
    got = sorted((e.location.admin2_pcode, e.actor1, e.fatalities, e.modality) for e in attacks)
    assert got == [("AF1720", None, 5, "reported"), ("AF1724", "Taliban", 2, "alleged")]


def test_handing_over_weapons_to_the_enemy_is_a_surrender(extract):
    events, _, _ = extract(
        "On June 22, some 50 soldiers handed over their weapons to the Taliban in Khwahan district, "
        "local residents said.",
        "2021-07-06",
    )
    (sur,) = of_type(events, "surrender")
    assert (sur.actor1, sur.actor2) == ("Afghan government forces", "Taliban")
    assert sur.date == dt.date(2021, 6, 22) and [q.value for q in sur.quantities] == [50]


def test_a_namesake_district_in_another_province_loses_to_the_province_named(extract):
    # Kapisa's Kohistan was split in two; the Kohistan districts the gazetteer knows are elsewhere
    events, _, _ = extract("The Taliban captured Kohistan district of Kapisa province on Monday.")
    (cap,) = of_type(events, "territory_captured")
    loc = cap.location
    assert (loc.admin1_pcode, loc.admin2, loc.place, loc.geo_precision) == ("AF02", None, "Kohistan", "province")
    faryab, _, _ = extract("The Taliban captured Kohistan district of Faryab province on Monday.")
    assert [e.location.admin2_pcode for e in of_type(faryab, "territory_captured")] == ["AF2910"]


def test_a_fronted_province_does_not_hide_the_place_of_the_clause(extract):
    events, _, _ = extract("In Baghlan, commandos pushed the Taliban out of Dand-e-Ghori on Monday.")
    (ret,) = of_type(events, "territory_retaken")
    assert (ret.location.admin1_pcode, ret.location.place) == ("AF09", "Dand-e-Ghori")


def test_a_foreign_delegation_visiting_a_city_is_a_negotiation(extract):
    events, _, _ = extract("A Pakistani delegation visited Kabul on Monday to discuss the peace process.")
    (neg,) = of_type(events, "negotiation")
    assert neg.actor1 == "Pakistan" and neg.location.admin1_pcode == "AF01"


def test_a_claim_about_now_is_dated_on_publication_not_the_previous_event(extract):
    text = (
        "On June 22, some 50 soldiers surrendered to the Taliban in Khwahan district. "
        "The Taliban now claim to control 80 percent of the country, a spokesman for the group said."
    )
    _, claims, _ = extract(text, "2021-07-06")
    assert [(c.metric, c.value, c.date) for c in claims] == [("share_of_territory", 80.0, dt.date(2021, 7, 6))]


def test_two_dozen_executed_is_24_dead(extract):
    events, _, _ = extract(
        "Two dozen Afghan commandos were executed by Taliban fighters after surrendering in Khwahan district."
    )
    (atk,) = of_type(events, "attack_on_captives_or_civilians")
    assert (atk.actor1, atk.fatalities, atk.location.admin2_pcode) == ("Taliban", 24, "AF1720")


def test_what_was_allowed_happened_and_takes_the_free_place(extract):
    events, _, _ = extract(
        "Government forces abandoned Spin Boldak district on Monday, allowing the militants to take the "
        "border crossing with Pakistan."
    )
    (cap,) = of_type(events, "territory_captured")
    assert (cap.modality, cap.location.admin2_pcode, cap.location.country) == ("reported", "AF2711", "AF")


def test_the_city_is_the_one_named_before_and_but_stops_the_negation(extract):
    events, _, every = extract("The Taliban have not taken Lashkar Gah, but fighting continues in the city.")
    assert [e.modality for e in of_type(every, "territory_captured")] == ["negated"]
    (clash,) = of_type(events, "armed_clash")
    assert clash.location.admin2 is not None and clash.location.admin1_pcode == "AF30"


def test_a_conjoined_capture_shares_the_place_of_the_first(extract):
    events, _, _ = extract(
        "Taliban fighters entered Khwahan district on Monday and seized the police headquarters, residents said."
    )
    caps = of_type(events, "territory_captured")
    assert [c.location.admin2_pcode for c in caps] == ["AF1720"]


def test_fighting_named_in_a_place_is_a_clash(extract):
    events, _, _ = extract("Scores of insurgents were killed in fighting on the edge of Tagab district in Kapisa.")
    clashes = of_type(events, "armed_clash")
    assert [e.location.admin2_pcode for e in clashes] == ["AF0206"]


def test_clashes_before_a_capture_are_placed_where_the_capture_was(extract):
    events, _, _ = extract("After heavy clashes overnight the Taliban took control of Khwahan district.")
    assert [e.location.admin2_pcode for e in of_type(events, "armed_clash")] == ["AF1720"]
    assert [e.location.admin2_pcode for e in of_type(events, "territory_captured")] == ["AF1720"]


def test_a_launched_counteroffensive_is_fighting_not_a_plan(extract):
    events, _, _ = extract("Government troops launched a counteroffensive in Tagab district of Kapisa on Monday.")
    assert [e.location.admin2_pcode for e in of_type(events, "armed_clash")] == ["AF0206"]


def test_entering_the_outskirts_is_a_movement_not_a_capture(extract):
    events, _, _ = extract("Taliban fighters entered the outskirts of Kabul on Sunday.")
    assert of_type(events, "troop_movement") and not of_type(events, "territory_captured")


def test_the_city_centre_as_object_is_the_place_named_before(extract):
    events, _, _ = extract(
        "Troops counterattacked in Kunduz on Monday to push back fighters who overran the city centre the day before."
    )
    caps = of_type(events, "territory_captured")
    assert [e.location.admin2_pcode for e in caps] == ["AF1901"]


def test_state_forces_leaving_a_district_is_its_fall(extract):
    events, _, _ = extract(
        "The Taliban pressed on in the north. Government troops retreated from Keshem district on Friday "
        "to spare the town."
    )
    caps = of_type(events, "territory_captured")
    assert [(e.location.admin2_pcode, e.actor1, e.actor2) for e in caps] == [
        ("AF1715", "Taliban", "Afghan government forces")
    ]


def test_forces_who_had_retreated_earlier_are_not_a_new_fall(extract):
    events, _, _ = extract("Soldiers who had retreated from Keshem district have returned to their bases.")
    assert not of_type(events, "territory_captured")


def test_foreign_troops_leaving_a_base_stay_a_withdrawal(extract):
    events, _, _ = extract("US troops left Bagram airfield on Friday.")
    assert of_type(events, "troop_withdrawal") and not of_type(events, "territory_captured")


def test_a_list_naming_the_districts_just_taken_is_one_capture_each(extract):
    events, _, _ = extract(
        "The Taliban captured three more districts on Monday. The districts are Keshem and Khwahan in "
        "Badakhshan and Kohsan in Herat."
    )
    caps = of_type(events, "territory_captured")
    assert sorted(e.location.admin2_pcode for e in caps) == ["AF1715", "AF1720", "AF3213"]
    assert all(e.date == dt.date(2021, 7, 5) for e in caps)


def test_they_are_after_a_retake_lists_retakes(extract):
    events, _, _ = extract("Afghan forces retook two districts on Monday. They are Keshem and Kohsan.")
    assert sorted(e.location.admin2_pcode for e in of_type(events, "territory_retaken")) == ["AF1715", "AF3213"]


def test_a_list_after_a_sentence_with_no_capture_is_nothing(extract):
    events, _, _ = extract("Prices rose in the markets. The districts are Keshem and Kohsan in the north.")
    assert not events


def test_a_list_after_districts_that_fell_names_the_fallen_districts(extract):
    events, _, _ = extract(
        "Three districts fell to the Taliban in the past day, officials said. The districts are Keshem in "
        "Badakhshan, Kohsan in Herat and Jalrez in Maidan Wardak."
    )
    caps = of_type(events, "territory_captured")
    assert sorted(e.location.admin2_pcode for e in caps) == ["AF0403", "AF1715", "AF3213"]


def test_fighting_with_no_side_named_is_the_insurgents_against_the_state(extract):
    events, _, _ = extract(
        "The Taliban have pressed their offensive in the north. Heavy fighting raged in Khwahan district on Monday."
    )
    clashes = of_type(events, "armed_clash")
    assert clashes and all((e.actor1, e.actor2) == ("Taliban", "Afghan government forces") for e in clashes)


def test_hundreds_of_reinforcements_arriving_is_a_deployment_by_the_state(extract):
    events, _, _ = extract(
        "Afghan soldiers still hold the town. A ministry spokesman said hundreds of reinforcements arrived in "
        "Khwahan district on Sunday."
    )
    deps = of_type(events, "deployment")
    assert [(e.location.admin2_pcode, e.actor1) for e in deps] == [("AF1720", "Afghan government forces")]


def test_forces_handing_over_their_weapons_surrender_and_lose_the_materiel(extract):
    events, _, _ = extract(
        "About 40 Afghan soldiers surrendered to the Taliban in Khwahan district and handed over 12 rifles."
    )
    (sur,) = of_type(events, "surrender")
    (mat,) = of_type(events, "materiel_captured")
    assert (mat.actor1, mat.actor2, mat.location.admin2_pcode) == ("Taliban", "Afghan government forces", "AF1720")
    assert [q.unit for q in mat.quantities] == ["weapons"] and sur.location.admin2_pcode == "AF1720"


def test_two_crossings_with_different_counts_stay_two_events(extract):
    events, _, _ = extract(
        "On Sunday 104 Afghan soldiers fled into Tajikistan. On Sunday 296 Afghan soldiers fled into Tajikistan."
    )
    flights = of_type(events, "cross_border_flight")
    assert sorted(q.value for e in flights for q in e.quantities) == [104, 296]


def test_officials_leaving_a_town_for_the_capital_is_no_fall(extract):
    events, _, _ = extract("Some senior provincial officials were leaving Keshem district for Kabul on Sunday.")
    assert not of_type(events, "territory_captured")


def test_a_party_claiming_control_of_a_district_is_a_claimed_capture(extract):
    events, _, _ = extract("On Sunday the Taliban claimed control of Khwahan district of Badakhshan province.")
    caps = of_type(events, "territory_captured")
    assert [(e.location.admin2_pcode, e.modality, e.actor1) for e in caps] == [("AF1720", "claimed", "Taliban")]


def test_a_relative_that_is_no_object_of_surrendered(extract):
    events, _, _ = extract("Witnesses told the radio station Salam that Badakhshan and Takhar provinces had surrendered.")
    sur = of_type(events, "surrender")
    assert sorted(e.location.admin1_pcode for e in sur) == ["AF17", "AF18"]
    assert not of_type(events, "territory_captured")


def test_a_list_after_a_count_of_fallen_districts_told_by_a_phrase(extract):
    events, _, _ = extract(
        "Wire: Three districts in three provinces fell to the Taliban on Saturday, sources said. The districts "
        "are Keshem in Badakhshan, Kohsan in Herat and Jalrez in Maidan Wardak."
    )
    caps = of_type(events, "territory_captured")
    assert {"AF0403", "AF1715", "AF3213"} <= {e.location.admin2_pcode for e in caps}
