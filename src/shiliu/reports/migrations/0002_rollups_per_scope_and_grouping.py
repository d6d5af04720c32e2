# The tallies are derived data (rebuilt by `manage.py refresh_rollups --full`): the old table is
# dropped and the new one starts empty; the state is reset so that the next refresh rebuilds all.

import django.db.models.deletion
from django.db import migrations, models

RATES = ("signing_rate", "completion_rate", "on_time_rate", "resolution_rate", "satisfaction_rate",
         "follow_up_rate", "reminder_rate", "return_rate", "extension_rate", "rehandling_rate")


def reset_state(apps, schema_editor):
    apps.get_model("reports", "RollupState").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_servicepoint_opening_hours_translations'),
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.DeleteModel(name='FigureRollup'),
        migrations.CreateModel(
            name='FigureRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('grain', models.CharField(choices=[('d', 'day'), ('m', 'month')], max_length=1)),
                ('day', models.DateField()),
                ('kind', models.CharField(max_length=8)),
                ('value', models.CharField(blank=True, max_length=32)),
                ('submitted', models.PositiveIntegerField(default=0)),
                ('resolved', models.PositiveIntegerField(default=0)),
                ('minutes', models.JSONField(default=dict)),
                *[(f'{rate}_{part}', models.PositiveIntegerField(default=0))
                  for rate in RATES for part in ('num', 'den')],
                ('scope', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='org.orgunit')),
            ],
            options={
                'indexes': [models.Index(fields=['scope', 'kind', 'grain', 'day'], name='figure_rollup_read'),
                            models.Index(fields=['grain', 'day'], name='figure_rollup_day')],
            },
        ),
        migrations.RunPython(reset_state, migrations.RunPython.noop),
    ]
