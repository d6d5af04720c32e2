from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0006_move_sign_in_failures_to_axes"),
    ]

    operations = [
        migrations.DeleteModel(name="SignInFailure"),
    ]
