import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0002_idempotency_records'),
        ('service_requests', '0002_extension_withdrawn'),
    ]

    operations = [
        migrations.CreateModel(
            name='CategoryQuestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('code', models.SlugField(max_length=64, verbose_name='code')),
                ('question', models.CharField(max_length=300, verbose_name='question')),
                ('datatype', models.CharField(choices=[('string', 'Short text'), ('number', 'Number'), ('datetime', 'Date and time'), ('text', 'Long text'), ('singlevaluelist', 'One choice from a list'), ('multivaluelist', 'Several choices from a list')], default='string', max_length=16, verbose_name='answer type')),
                ('required', models.BooleanField(default=False, verbose_name='required')),
                ('choices', models.TextField(blank=True, help_text='For lists: one choice a line, as “key|label”.', verbose_name='choices')),
                ('order', models.PositiveSmallIntegerField(default=1, verbose_name='order')),
                ('category', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='service_requests.category', verbose_name='category')),
            ],
            options={
                'verbose_name': 'category question',
                'verbose_name_plural': 'category questions',
                'ordering': ['category', 'order', 'code'],
                'constraints': [models.UniqueConstraint(fields=('category', 'code'), name='unique_question_code')],
            },
        ),
    ]
